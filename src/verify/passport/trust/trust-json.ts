/**
 * The passport trust store's operator-imported part as JSON, for the CLI's trust directory and
 * the kiosk's Settings (IndexedDB) to persist: DER as base64, everything else as is. Reading it
 * back re-derives each CSCA's SHA-256 from its bytes and refuses an entry whose recorded
 * fingerprint differs, so an edited file cannot slip a different key under a known name; a
 * CRL's revoked serials and dates are re-read from the CRL's own (signed) bytes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base64ToBytes, bytesToBase64 } from '../../../bytes/base64';
import { toHex } from '../../../bytes/hex';
import { PassportVerifyError } from '../passport-verify-error';
import { decodeCscaCrl } from './csca-crl';
import type { CscaAnchor, CscaCrl, MasterListRecord, PassportTrustInputs } from './passport-trust';

export const PASSPORT_TRUST_FORMAT = 'kazasu-passport-trust/1';

type Json<T> = { [K in keyof T]: T[K] extends Uint8Array ? string : T[K] };

export interface PassportTrustJson {
  readonly format: typeof PASSPORT_TRUST_FORMAT;
  readonly imported: readonly Json<CscaAnchor>[];
  readonly masterLists: readonly MasterListRecord[];
  readonly crls: readonly Json<CscaCrl>[];
}

/** Serializes the operator's imports (never the shipped or simulator anchors). */
export function passportTrustToJson(inputs: Pick<PassportTrustInputs, 'imported' | 'masterLists' | 'crls'>): PassportTrustJson {
  return {
    format: PASSPORT_TRUST_FORMAT,
    imported: (inputs.imported ?? []).map((a) => ({ ...a, der: bytesToBase64(a.der) })),
    masterLists: [...(inputs.masterLists ?? [])],
    crls: (inputs.crls ?? []).map((c) => ({ ...c, der: bytesToBase64(c.der) })),
  };
}

function fail(message: string): never {
  throw new PassportVerifyError('pp-trust-bad-input', message);
}

export function passportTrustFromJson(value: unknown): Pick<PassportTrustInputs, 'imported' | 'masterLists' | 'crls'> {
  const v = value as Partial<PassportTrustJson> | null;
  if (!v || typeof v !== 'object' || v.format !== PASSPORT_TRUST_FORMAT) fail(`not a ${PASSPORT_TRUST_FORMAT} document`);
  if (!Array.isArray(v.imported) || !Array.isArray(v.masterLists) || !Array.isArray(v.crls)) fail('imported, masterLists and crls must be arrays');
  const bytes = (s: unknown, what: string): Uint8Array => {
    if (typeof s !== 'string') fail(`${what}: der must be base64`);
    try {
      return base64ToBytes(s);
    } catch {
      return fail(`${what}: der is not base64`);
    }
  };
  const imported = v.imported.map((a, i) => {
    const der = bytes(a?.der, `imported[${i}]`);
    const fp = toHex(sha256(der)).toLowerCase();
    if (fp !== a.sha256) fail(`imported[${i}]: SHA-256 ${fp} differs from the recorded ${String(a.sha256)}`);
    if (!['production', 'test', 'simulator', 'operator'].includes(a.hierarchy)) fail(`imported[${i}]: unknown hierarchy`);
    return { ...a, der } as CscaAnchor;
  });
  const crls = v.crls.map((c, i) => {
    const der = bytes(c?.der, `crls[${i}]`);
    if (toHex(sha256(der)).toLowerCase() !== c.sha256) fail(`crls[${i}]: SHA-256 differs from the recorded one`);
    // What the CRL says is taken from the CRL itself, never from the JSON around it.
    const decoded = decodeCscaCrl(der);
    return {
      ...c,
      der,
      revokedSerials: decoded.revokedSerials,
      thisUpdate: decoded.thisUpdate.toISOString(),
      ...(decoded.nextUpdate ? { nextUpdate: decoded.nextUpdate.toISOString() } : {}),
    } as CscaCrl;
  });
  return { imported, masterLists: v.masterLists as MasterListRecord[], crls };
}
