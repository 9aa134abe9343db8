import { KazasuError } from '../../errors/kazasu-error';

/**
 * The camera for reading the card front: the rear camera when there is one (a tablet's back
 * camera faces the card), 1280×720 preferred. Only this module calls getUserMedia. Every track is
 * stopped by stopCamera() — on close, on cancel, when a read is done and when the kiosk wipes.
 */
export type CameraFailure = 'camera-denied' | 'camera-missing' | 'camera-busy' | 'camera-unavailable';

export class CameraError extends KazasuError {
  constructor(readonly code: CameraFailure, message: string) {
    super(message);
  }
}

export const CAMERA_CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
};

export async function openCamera(media: Pick<MediaDevices, 'getUserMedia'> | undefined = globalThis.navigator?.mediaDevices): Promise<MediaStream> {
  if (!media?.getUserMedia) throw new CameraError('camera-unavailable', 'no getUserMedia (needs a secure context)');
  try {
    return await media.getUserMedia(CAMERA_CONSTRAINTS);
  } catch (e) {
    const name = e instanceof DOMException || e instanceof Error ? e.name : '';
    // NotAllowedError: the person or the Permissions-Policy said no. NotFoundError: no camera.
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraError('camera-denied', name);
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new CameraError('camera-missing', name);
    if (name === 'NotReadableError' || name === 'AbortError') throw new CameraError('camera-busy', name);
    throw new CameraError('camera-unavailable', name || 'getUserMedia failed');
  }
}

export function stopCamera(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * The current video frame as RGBA, read through a scratch canvas that is cleared right after:
 * the only copy leaves with the returned buffer (transferred to the frame worker).
 */
export function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): { width: number; height: number; rgba: ArrayBuffer } | undefined {
  const width = video.videoWidth, height = video.videoHeight;
  if (!width || !height || video.readyState < 2) return undefined;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return undefined;
  ctx.drawImage(video, 0, 0, width, height);
  const data = ctx.getImageData(0, 0, width, height);
  ctx.clearRect(0, 0, width, height);
  canvas.width = 1;
  canvas.height = 1;
  return { width, height, rgba: data.data.buffer as ArrayBuffer };
}
