import type { CardField, CardRegions } from './card-geometry';
import type { QuadFailure } from './card-quad';

/** Messages between the kiosk and the frame worker (frame.worker.ts). */
export interface CropRequest {
  readonly kind: 'crop';
  readonly id: number;
  readonly width: number;
  readonly height: number;
  /** RGBA pixels of one frame, transferred; the worker wipes them. */
  readonly rgba: ArrayBuffer;
  readonly regions?: CardRegions;
}

export interface CropImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: ArrayBuffer;
}

export type CropResponse =
  | { readonly id: number; readonly ok: true; readonly crops: Readonly<Record<CardField, readonly CropImage[]>> }
  | { readonly id: number; readonly ok: false; readonly reason: QuadFailure | 'bad-request' };
