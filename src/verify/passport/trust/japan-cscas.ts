/**
 * Japan's passport CSCAs, shipped as data with their provenance (data/japan-cscas.json, copied
 * from the project's shared trust folder; tests/passport-pa pins every SHA-256 and checks they
 * equal the JP entries of the German master list). Production trust for other countries comes
 * from master lists the operator imports; Japan's are here so a Japanese passport verifies out
 * of the box, and the operator may import a newer master list on top.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../../bytes/hex';
import { pemBlocks } from './pem-blocks';
import data from './data/japan-cscas.json' with { type: 'json' };
import type { CscaAnchor } from './csca-anchor';

interface Entry {
  file: string;
  serial: number;
  kind: string;
  sha256: string;
  pem: string;
}

let cache: CscaAnchor[] | undefined;

export function japanCscaAnchors(): CscaAnchor[] {
  cache ??= (data.certificates as Entry[]).map((e) => {
    const der = pemBlocks(e.pem)[0]!.der;
    const fp = toHex(sha256(der)).toLowerCase();
    // A corrupted data file must never ship a different key under this name.
    if (fp !== e.sha256) throw new Error(`japan-cscas.json: ${e.file} does not match its pinned SHA-256`);
    return {
      der,
      country: 'JP',
      name: `e-passportCSCA, MOFA (JP) serial ${e.serial} (${e.kind})`,
      hierarchy: 'production' as const,
      source: 'shipped' as const,
      provenance: data.provenance,
      sha256: fp,
    };
  });
  return cache;
}
