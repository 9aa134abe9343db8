/**
 * OpenJPEG's decoded buffer → RGBA for a canvas. Samples are pixel-interleaved, one byte each
 * up to 8 bits and two (little-endian, as WebAssembly memory is) above; signed samples are
 * shifted into the unsigned range. 1 component = greyscale, 2 = greyscale + alpha, 3 = RGB,
 * 4 = RGBA. The e2e tests cover 8-bit greyscale (the simulated cards; real cards UNCONFIRMED);
 * pixel interleaving of RGB output was checked by hand on an opj_compress file, deeper samples not.
 */
export interface SampleLayout {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  readonly isSigned: boolean;
}

export function samplesToRgba(samples: Uint8Array, layout: SampleLayout): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, components, bitsPerSample, isSigned } = layout;
  if (components < 1 || components > 4) throw new RangeError(`unsupported component count ${components}`);
  if (bitsPerSample < 1 || bitsPerSample > 16) throw new RangeError(`unsupported sample depth ${bitsPerSample}`);
  const pixels = width * height;
  const bytesPerSample = bitsPerSample > 8 ? 2 : 1;
  if (samples.length < pixels * components * bytesPerSample) throw new RangeError('decoded buffer is shorter than the image');

  const max = 2 ** bitsPerSample - 1;
  const offset = isSigned ? 2 ** (bitsPerSample - 1) : 0;
  const sample = (index: number): number => {
    let v = bytesPerSample === 1 ? samples[index]! : samples[2 * index]! | (samples[2 * index + 1]! << 8);
    if (isSigned) v = ((v << (32 - 8 * bytesPerSample)) >> (32 - 8 * bytesPerSample)) + offset;
    return bitsPerSample === 8 ? v : Math.round((v * 255) / max);
  };

  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    const s = p * components;
    const o = p * 4;
    if (components <= 2) {
      const grey = sample(s);
      rgba[o] = grey;
      rgba[o + 1] = grey;
      rgba[o + 2] = grey;
      rgba[o + 3] = components === 2 ? sample(s + 1) : 255;
    } else {
      rgba[o] = sample(s);
      rgba[o + 1] = sample(s + 1);
      rgba[o + 2] = sample(s + 2);
      rgba[o + 3] = components === 4 ? sample(s + 3) : 255;
    }
  }
  return rgba;
}
