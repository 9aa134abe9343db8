/// <reference lib="webworker" />
import { cropFields } from './field-crops';
import type { CropRequest, CropResponse } from './frame-protocol';
import { greyFromRgba, wipeFrame } from './grey-frame';

/**
 * Off the main thread: one camera frame → the card's edges → the three straightened field crops.
 * The frame's pixels are wiped as soon as the crops exist; the crops are transferred (not copied)
 * back and wiped by the kiosk after their one recognition. Nothing is kept between messages.
 */
declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<CropRequest>) => {
  const req = event.data;
  if (req?.kind !== 'crop' || !(req.rgba instanceof ArrayBuffer) || req.rgba.byteLength !== req.width * req.height * 4) {
    self.postMessage({ id: req?.id ?? 0, ok: false, reason: 'bad-request' } satisfies CropResponse);
    return;
  }
  const rgba = new Uint8Array(req.rgba);
  const frame = greyFromRgba(rgba, req.width, req.height);
  rgba.fill(0);
  try {
    const result = cropFields(frame, req.regions ? { regions: req.regions } : {});
    if (!result.ok) {
      self.postMessage({ id: req.id, ok: false, reason: result.reason } satisfies CropResponse);
      return;
    }
    const c = result.crops;
    const out = (list: typeof c.birthDate) => list.map((f) => ({ width: f.width, height: f.height, pixels: f.pixels.buffer as ArrayBuffer }));
    const crops = { birthDate: out(c.birthDate), expiry: out(c.expiry), securityCode: out(c.securityCode) };
    const transfer = [...crops.birthDate, ...crops.expiry, ...crops.securityCode].map((x) => x.pixels);
    self.postMessage({ id: req.id, ok: true, crops } satisfies CropResponse, transfer);
  } finally {
    wipeFrame(frame);
  }
};
