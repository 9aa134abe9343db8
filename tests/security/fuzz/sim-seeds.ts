/**
 * Valid inputs to mutate: the files of the simulated default card exactly as READ BINARY / READ
 * RECORD would return them (FF filler included), plus its certificates, a CRL and an OCSP
 * response minted for it. Pure random bytes rarely pass a parser's first length check; these
 * seeds carry the fuzzing into the deeper branches.
 */
import { buildSimCard, loadProfile } from '../../../src/node/sim-loader';
import type { BuiltCard } from '../../../src/sim/mynumber/build-card';
import type { ElementaryFile } from '../../../src/sim/card/card-model';

let built: Promise<BuiltCard> | undefined;

export function defaultCard(): Promise<BuiltCard> {
  built ??= loadProfile('default').then((p) => buildSimCard(p));
  return built;
}

function ef(card: BuiltCard, df: string, fid: number): ElementaryFile {
  const d = card.model.dfs.find((x) => x.name === df);
  const f = d?.files.find((x) => x.fid === fid);
  if (!f) throw new Error(`default card has no ${df}/${fid.toString(16)}`);
  return f;
}

/** Content of a transparent EF (what READ BINARY returns, FF filler included). */
export function transparent(card: BuiltCard, df: string, fid: number): Uint8Array {
  const f = ef(card, df, fid);
  if (f.kind !== 'transparent') throw new Error(`${df}/${fid.toString(16)} is not transparent`);
  return f.content.slice();
}

/** First record of a record EF. */
export function firstRecord(card: BuiltCard, df: string, fid: number): Uint8Array {
  const f = ef(card, df, fid);
  if (f.kind !== 'record' || !f.records[0]) throw new Error(`${df}/${fid.toString(16)} is not a record EF`);
  return f.records[0].slice();
}

/** The record EFs the card library parses, by parser (file ids as in src/sim/mynumber/*-files.ts). */
export async function recordSeeds(): Promise<Record<string, Uint8Array[]>> {
  const c = await defaultCard();
  const t = (fid: number) => transparent(c, 'text', fid);
  const f = (fid: number) => transparent(c, 'face', fid);
  const j = (fid: number) => transparent(c, 'jpki', fid);
  return {
    myNumberFile: [t(0x01)],
    basicFour: [t(0x02)],
    integrity: [t(0x03)],
    cvCertificate: [t(0x04), f(0x04)],
    textBasicInfo: [t(0x05)],
    sessionKey: [t(0x06)],
    signedPublicKey: [t(0x07)],
    ageRecord: [f(0x01)],
    cardFace: [f(0x02)],
    faceBasicInfo: [f(0x03)],
    myNumberImage: [f(0x05)],
    tokenInfo: [j(0x06)],
    availability: [j(0x08)],
    certificates: [j(0x01), j(0x02), j(0x0a), j(0x0b)],
    commonCardInfo: [firstRecord(c, 'common', 0x01)],
  };
}
