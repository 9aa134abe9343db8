/** Messages between photo-decoder.ts (page) and decode.worker.ts. */

export interface ExpectedImage {
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

export type DecoderRequest =
  | { readonly kind: 'init'; readonly id: number }
  /** `bytes` is a transferred copy of the JP2; `expect` comes from the page's header guard. */
  | { readonly kind: 'decode'; readonly id: number; readonly bytes: ArrayBuffer; readonly expect: ExpectedImage };

export type DecoderFailureCode = 'photo-decode-failed' | 'photo-decoder-unavailable';

export type DecoderResponse =
  | { readonly id: number; readonly ok: true; readonly kind: 'init' }
  | {
      readonly id: number;
      readonly ok: true;
      readonly kind: 'decode';
      readonly width: number;
      readonly height: number;
      /** width × height × 4 bytes, transferred. */
      readonly rgba: ArrayBuffer;
    }
  | { readonly id: number; readonly ok: false; readonly code: DecoderFailureCode; readonly detail: string };
