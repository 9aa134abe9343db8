/**
 * PcscService on @pokusew/pcsclite (a maintained node-gyp binding of libpcsclite / WinSCard;
 * reference browser-readers.md §6). The binding is an optional dependency: it needs
 * libpcsclite-dev and a compiler at `npm install`. When it is missing, openPcscliteService()
 * fails with a PcscError saying how to get it, and the rest of Kazasu keeps working.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PcscError, type PcscCardSession, type PcscEvent, type PcscReaderState, type PcscService } from './pcsc-service';

/** The parts of the binding used here (its index.d.ts, narrowed). */
interface BindingReader {
  readonly name: string;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_EMPTY: number;
  readonly SCARD_RESET_CARD: number;
  connected: boolean;
  on(type: 'status', listener: (status: { state: number; atr?: Buffer }) => void): unknown;
  on(type: 'end', listener: () => void): unknown;
  on(type: 'error', listener: (error: unknown) => void): unknown;
  connect(options: { share_mode: number; protocol: number }, cb: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: unknown, response: Buffer) => void): void;
  close(): void;
}
interface BindingContext {
  on(type: 'reader', listener: (reader: BindingReader) => void): unknown;
  on(type: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

export const PCSCLITE_INSTALL_HINT =
  'The PC/SC bridge needs the optional npm package @pokusew/pcsclite, built against libpcsclite: ' +
  'on Debian/Ubuntu `apt-get install -y libpcsclite-dev pcscd` and then run `npm install` again (npm skips an optional package that failed to build) ' +
  '(on Windows and macOS the system PC/SC is used; a C++ compiler is needed).';

/** Response buffer for one transmit: an extended response (65,536 data bytes + SW). */
const MAX_RESPONSE = 65_538;

function loadBinding(): () => BindingContext {
  try {
    const require = createRequire(import.meta.url);
    return require('@pokusew/pcsclite') as () => BindingContext;
  } catch (e) {
    throw new PcscError('pcsc-unavailable', `@pokusew/pcsclite could not be loaded. ${PCSCLITE_INSTALL_HINT}`, { cause: e });
  }
}

class PcscliteService implements PcscService {
  private readonly listeners = new Set<(e: PcscEvent) => void>();
  private readonly readerMap = new Map<string, { reader: BindingReader; present: boolean; atr: Uint8Array | undefined; statusKnown: boolean }>();
  private failure: unknown;
  private readonly openedAt = Date.now();
  private lastChange = Date.now();

  constructor(private readonly context: BindingContext) {
    context.on('error', (e) => {
      // SCardEstablishContext / SCardListReaders failed: usually pcscd is not running.
      this.failure = e;
    });
    context.on('reader', (reader) => this.track(reader));
  }

  private track(reader: BindingReader): void {
    const entry = { reader, present: false, atr: undefined as Uint8Array | undefined, statusKnown: false };
    this.readerMap.set(reader.name, entry);
    this.lastChange = Date.now();
    this.emit({ type: 'reader-added', reader: reader.name });
    reader.on('error', () => undefined); // status errors surface through connect/transmit
    reader.on('status', (status) => {
      entry.statusKnown = true;
      this.lastChange = Date.now();
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
      if (present === entry.present) return;
      entry.present = present;
      entry.atr = present && status.atr ? new Uint8Array(status.atr) : undefined;
      this.emit({ type: present ? 'card-present' : 'card-removed', reader: reader.name });
    });
    reader.on('end', () => {
      this.readerMap.delete(reader.name);
      this.emit({ type: 'reader-removed', reader: reader.name });
    });
  }

  readers(): readonly PcscReaderState[] {
    return [...this.readerMap.values()].map((e) => ({ name: e.reader.name, cardPresent: e.present, ...(e.atr ? { atr: e.atr } : {}) }));
  }

  /**
   * The binding lists readers from a polling thread and reports each reader's first state from
   * another, without saying when the first listing is complete: wait until every reader seen has
   * reported its state and nothing changed for a short while (at least 250 ms after opening).
   */
  async settled(timeoutMs: number): Promise<void> {
    const end = this.openedAt + timeoutMs;
    const quiet = 150;
    for (;;) {
      const now = Date.now();
      if (now >= end || this.failure !== undefined) return;
      const allKnown = [...this.readerMap.values()].every((e) => e.statusKnown);
      if (allKnown && now - this.openedAt >= 250 && now - this.lastChange >= quiet && (this.readerMap.size > 0 || now - this.openedAt >= 600)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Why PC/SC failed to start (e.g. pcscd not reachable), if it did. */
  get startFailure(): unknown {
    return this.failure;
  }

  onEvent(listener: (event: PcscEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: PcscEvent): void {
    for (const l of this.listeners) l(event);
  }

  async connect(name: string): Promise<PcscCardSession> {
    const entry = this.readerMap.get(name);
    if (!entry) {
      if (this.failure) throw new PcscError('pcsc-unavailable', 'PC/SC is not available (is pcscd running?)', { cause: this.failure });
      throw new PcscError('no-such-reader', 'No such reader');
    }
    if (!entry.present) throw new PcscError('no-card', 'No card in the reader');
    const { reader } = entry;
    if (reader.connected) throw new PcscError('reader-busy', 'The reader is already in use by another session');
    const protocol = await new Promise<number>((resolve, reject) => {
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 }, (err, p) => {
        if (err) reject(mapError(err, entry.present ? 'reader-busy' : 'no-card'));
        else resolve(p);
      });
    });
    const atr = entry.atr ?? new Uint8Array(0);
    let open = true;
    return {
      atr,
      transmit: (apdu) =>
        new Promise<Uint8Array>((resolve, reject) => {
          if (!open) return reject(new PcscError('transmit-failed', 'The card session is closed'));
          reader.transmit(Buffer.from(apdu), MAX_RESPONSE, protocol, (err, response) => {
            if (err) return reject(mapError(err, this.readerMap.has(name) ? (entry.present ? 'transmit-failed' : 'card-removed') : 'reader-removed'));
            resolve(new Uint8Array(response));
          });
        }),
      disconnect: () =>
        new Promise<void>((resolve) => {
          if (!open) return resolve();
          open = false;
          if (!reader.connected) return resolve();
          // Reset, not leave: the next session must not find a PIN already verified.
          reader.disconnect(reader.SCARD_RESET_CARD, () => resolve());
        }),
    };
  }

  async close(): Promise<void> {
    for (const { reader } of this.readerMap.values()) {
      if (reader.connected) await new Promise<void>((r) => reader.disconnect(reader.SCARD_RESET_CARD, () => r()));
      reader.close();
    }
    this.readerMap.clear();
    this.context.close();
  }
}

/** The binding's errors carry PC/SC messages (e.g. "SCardTransmit error: Card was removed."). */
function mapError(err: unknown, fallback: PcscError['code']): PcscError {
  const text = err instanceof Error ? err.message : String(err);
  if (/removed|0x80100069/i.test(text)) return new PcscError('card-removed', 'The card was removed', { cause: err });
  if (/unknown reader|not available|0x80100017|0x80100009/i.test(text)) return new PcscError('reader-removed', 'The reader is gone', { cause: err });
  if (/sharing violation|0x8010000b/i.test(text)) return new PcscError('reader-busy', 'Another program is using the card', { cause: err });
  if (/no smart card|0x8010000c/i.test(text)) return new PcscError('no-card', 'No card in the reader', { cause: err });
  return new PcscError(fallback, `PC/SC error: ${text}`, { cause: err });
}

/**
 * pcsc-lite's client socket (PCSCLITE_CSOCK_NAME overrides it). With no pcscd behind it, the
 * binding's constructor blocks the whole Node process retrying SCardEstablishContext (seen with
 * @pokusew/pcsclite 0.6.0 + libpcsclite1 1.9.9), so look before calling it.
 */
export function pcscdSocketPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
}

/** Open PC/SC. Readers arrive asynchronously (the binding polls SCardGetStatusChange). */
export function openPcscliteService(env: NodeJS.ProcessEnv = process.env): PcscService {
  if (process.platform === 'linux' && !existsSync(pcscdSocketPath(env))) {
    throw new PcscError(
      'pcsc-unavailable',
      `pcscd is not running (no ${pcscdSocketPath(env)}): start it (\`systemctl start pcscd.socket\`, or \`pcscd\`) and plug in the reader`,
    );
  }
  const create = loadBinding();
  return new PcscliteService(create());
}
