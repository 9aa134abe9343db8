/**
 * Minimal DER writer for the structures the simulated chip publishes: EF.CardAccess and DG14
 * SecurityInfos (9303-11 §9.2), DG15's SubjectPublicKeyInfo (§6.1.5). Hand-written so the chip
 * side shares no code with the card library's parser.
 */
export function der(tag: number, ...content: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of content) n += c.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  let o = 1 + len.length;
  for (const c of content) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export function derOid(oid: string): Uint8Array {
  const parts = oid.split('.').map(Number);
  const bytes: number[] = [parts[0]! * 40 + parts[1]!];
  for (const arc of parts.slice(2)) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return der(0x06, Uint8Array.from(bytes));
}

/** DER INTEGER of a non-negative value. */
export function derInt(value: bigint | number): Uint8Array {
  let h = BigInt(value).toString(16);
  if (h.length % 2) h = '0' + h;
  let bytes = Uint8Array.from(h.match(/../g)!.map((p) => parseInt(p, 16)));
  if (bytes[0]! & 0x80) bytes = Uint8Array.from([0, ...bytes]);
  return der(0x02, bytes);
}

export const seqOf = (...c: Uint8Array[]) => der(0x30, ...c);
export const setOf = (...c: Uint8Array[]) => der(0x31, ...c);
export const bitString = (b: Uint8Array) => der(0x03, Uint8Array.of(0), b);
export const octetString = (b: Uint8Array) => der(0x04, b);
