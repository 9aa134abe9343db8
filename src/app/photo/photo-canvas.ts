import type { DecodedPhoto } from './photo-decoder';
import { PhotoError } from './photo-error';

/** Draws a decoded photo at its own pixel size (scale it with CSS). */
export function photoToCanvas(canvas: HTMLCanvasElement, photo: DecodedPhoto): void {
  const context = canvas.getContext('2d');
  if (!context) throw new PhotoError('photo-canvas-unavailable', 'the canvas has no 2D context');
  canvas.width = photo.width;
  canvas.height = photo.height;
  context.putImageData(new ImageData(photo.rgba, photo.width, photo.height), 0, 0);
}

/** Clears a photo from a canvas (and shrinks it), e.g. when the kiosk wipes a session. */
export function clearPhotoCanvas(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
  canvas.width = 0;
  canvas.height = 0;
}

/** Zeroes the decoded pixels (personal data) once they are drawn or no longer needed. */
export function wipeDecodedPhoto(photo: DecodedPhoto): void {
  photo.rgba.fill(0);
}
