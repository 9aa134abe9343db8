import { CameraError, grabFrame, openCamera, stopCamera, type CameraFailure } from './camera';
import type { CardField, CardRegions } from './card-geometry';
import type { CodeBCameraValues, PlausibilityReason } from './code-b-plausibility';
import { CodeBConsensus, type ConsensusOptions } from './consensus';
import type { FieldCrops } from './field-crops';
import type { CropRequest, CropResponse } from './frame-protocol';
import { browserTesseractPaths } from './ocr-assets';
import { readFields, type FieldRecognizer } from './recognizer';

/**
 * One camera-reading session in the kiosk: camera → frame worker (card edges, crops) →
 * tesseract.js worker (text) → consensus (consensus.ts) → status for the UI. One frame is in
 * flight at a time and is dropped (wiped) after its recognition; no frame, crop or text is kept
 * or stored. stop() ends the camera (every track); dispose() also ends both workers.
 */
export type ScanHint = 'align' | 'reading' | 'implausible' | 'slow';

export type CameraOcrStatus =
  | { readonly kind: 'starting' }
  | { readonly kind: 'scanning'; readonly hint: ScanHint; readonly settled: readonly CardField[]; readonly rejected?: PlausibilityReason }
  | { readonly kind: 'ready'; readonly values: CodeBCameraValues }
  | { readonly kind: 'error'; readonly reason: CameraFailure | 'engine-failed' };

export interface CameraOcrOptions extends ConsensusOptions {
  readonly regions?: CardRegions;
  /** Seconds of scanning after which staff are told to type the digits instead (default 30). */
  readonly slowAfterSeconds?: number;
  /** For tests: another engine. Default: tesseract.js from this origin's /ocr/ folder. */
  readonly createRecognizer?: () => Promise<FieldRecognizer>;
}

export class CameraOcr {
  private stream: MediaStream | undefined;
  private running = false;
  private recognizer: Promise<FieldRecognizer> | undefined;
  private worker: Worker | undefined;
  private readonly consensus: CodeBConsensus;
  private readonly canvas: HTMLCanvasElement;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly onStatus: (status: CameraOcrStatus) => void,
    private readonly options: CameraOcrOptions,
  ) {
    this.consensus = new CodeBConsensus(options);
    this.canvas = document.createElement('canvas');
  }

  /** Opens the camera and reads until the digits agree, staff stop it, or it fails. */
  async start(): Promise<void> {
    if (this.running || this.disposed) return;
    this.running = true;
    this.consensus.reset();
    this.onStatus({ kind: 'starting' });
    const engine = (this.recognizer ??= this.startEngine());
    try {
      this.stream = await openCamera();
      if (!this.running) return this.stop();
      this.video.srcObject = this.stream;
      await this.video.play().catch(() => undefined);
      await engine;
    } catch (e) {
      this.stop();
      if (e instanceof CameraError) this.onStatus({ kind: 'error', reason: e.code });
      else {
        this.recognizer = undefined;
        this.onStatus({ kind: 'error', reason: 'engine-failed' });
      }
      return;
    }
    void this.loop(await engine);
  }

  /** Stops reading and the camera (every track); the engine stays for "read again". */
  stop(): void {
    this.running = false;
    stopCamera(this.stream);
    this.stream = undefined;
    this.video.srcObject = null;
  }

  /** Stops everything and ends both workers. */
  dispose(): void {
    this.disposed = true;
    this.stop();
    this.worker?.terminate();
    this.worker = undefined;
    const r = this.recognizer;
    this.recognizer = undefined;
    void r?.then((x) => x.close()).catch(() => undefined);
  }

  private async startEngine(): Promise<FieldRecognizer> {
    if (this.options.createRecognizer) return this.options.createRecognizer();
    const { createTesseractRecognizer } = await import('./tesseract-recognizer');
    return createTesseractRecognizer(browserTesseractPaths(import.meta.env.BASE_URL));
  }

  private frameWorker(): Worker {
    // This exact `new Worker(new URL(…, import.meta.url))` form lets Vite emit the worker as its own file.
    return (this.worker ??= new Worker(new URL('./frame.worker.ts', import.meta.url), { type: 'module', name: 'kazasu-ocr-frames' }));
  }

  private crop(frame: { width: number; height: number; rgba: ArrayBuffer }): Promise<CropResponse> {
    const worker = this.frameWorker();
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onMessage = (e: MessageEvent<CropResponse>) => {
        if (e.data?.id !== id) return;
        worker.removeEventListener('message', onMessage);
        resolve(e.data);
      };
      worker.addEventListener('message', onMessage);
      const req: CropRequest = { kind: 'crop', id, width: frame.width, height: frame.height, rgba: frame.rgba, ...(this.options.regions ? { regions: this.options.regions } : {}) };
      worker.postMessage(req, [frame.rgba]);
    });
  }

  private async loop(recognizer: FieldRecognizer): Promise<void> {
    const started = performance.now();
    let settled: readonly CardField[] = [];
    let rejected: PlausibilityReason | undefined;
    this.onStatus({ kind: 'scanning', hint: 'align', settled });
    while (this.running) {
      const frame = grabFrame(this.video, this.canvas);
      if (!frame) {
        await pause(100);
        continue;
      }
      const cropped = await this.crop(frame);
      if (!this.running) {
        if (cropped.ok) for (const list of Object.values(cropped.crops)) for (const c of list) new Uint8Array(c.pixels).fill(0);
        break;
      }
      const slow = performance.now() - started > (this.options.slowAfterSeconds ?? 30) * 1000;
      if (!cropped.ok) {
        this.onStatus({ kind: 'scanning', hint: slow ? 'slow' : 'align', settled, ...(rejected ? { rejected } : {}) });
        await pause(60);
        continue;
      }
      const image = (list: (typeof cropped.crops)[CardField]) => list.map((c) => ({ width: c.width, height: c.height, pixels: new Uint8Array(c.pixels) }));
      const crops: FieldCrops = { birthDate: image(cropped.crops.birthDate), expiry: image(cropped.crops.expiry), securityCode: image(cropped.crops.securityCode) };
      let state;
      try {
        state = this.consensus.add(await readFields(crops, recognizer));
      } catch {
        this.stop();
        this.onStatus({ kind: 'error', reason: 'engine-failed' });
        return;
      }
      if (!this.running) break;
      if (state.kind === 'ready') {
        this.stop();
        this.onStatus({ kind: 'ready', values: state.values });
        return;
      }
      const refusal = state.kind === 'rejected' ? state.reason : state.refused;
      if (refusal) rejected = refusal;
      settled = state.kind === 'rejected' ? [] : state.settled;
      this.onStatus({ kind: 'scanning', hint: refusal ? 'implausible' : slow ? 'slow' : 'reading', settled, ...(rejected ? { rejected } : {}) });
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
