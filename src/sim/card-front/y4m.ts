import type { GreyImage } from '../images/grey-image';

/**
 * YUV4MPEG2 (.y4m), the format Chromium's `--use-file-for-fake-video-capture` plays on a loop:
 * 4:2:0 planes; the greyscale frames go to Y with neutral chroma (128).
 */
export function encodeY4m(frames: readonly GreyImage[], fps = 30): Uint8Array {
  const first = frames[0];
  if (!first) throw new RangeError('y4m: no frames');
  const { width: W, height: H } = first;
  if (W % 2 || H % 2) throw new RangeError('y4m: 4:2:0 needs even sizes');
  const header = new TextEncoder().encode(`YUV4MPEG2 W${W} H${H} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frameHeader = new TextEncoder().encode('FRAME\n');
  const chroma = (W / 2) * (H / 2);
  const perFrame = frameHeader.length + W * H + 2 * chroma;
  const out = new Uint8Array(header.length + frames.length * perFrame);
  out.set(header, 0);
  let at = header.length;
  for (const f of frames) {
    if (f.width !== W || f.height !== H) throw new RangeError('y4m: frames differ in size');
    out.set(frameHeader, at);
    at += frameHeader.length;
    out.set(f.pixels, at);
    at += W * H;
    out.fill(128, at, at + 2 * chroma);
    at += 2 * chroma;
  }
  return out;
}
