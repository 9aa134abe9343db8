/**
 * Verify an RSA signature over exact signed bytes with WebCrypto (globalThis.crypto, so Node 20
 * and browsers alike). Used for CRLs: the signature covers the tbsCertList octets as received
 * (reference pki-and-perf.md §3.2). JPKI uses sha256WithRSAEncryption (spec §4.4); SHA-384/512
 * and RSASSA-PSS (RFC 4055) with MGF1 over the same hash are accepted too.
 */
import { copyBytes } from '../../bytes/byte-ops';
import { decodeOid, expectTlv, readTlv, TAG, type AlgorithmIdentifierParts } from '../der/der-reader';
import { revocationFailure } from './revocation-error';

type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

const PKCS1_V15: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
const HASH_OIDS: Readonly<Record<string, HashName>> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const NULL_PARAMS = Uint8Array.of(0x05, 0x00);

export type SignatureVerdict =
  | { readonly valid: true }
  | { readonly valid: false; readonly why: 'mismatch' | 'unsupported-algorithm' | 'bad-key'; readonly detail: string };

type Scheme = { name: 'RSASSA-PKCS1-v1_5'; hash: HashName } | { name: 'RSA-PSS'; hash: HashName; saltLength: number };

function nullOrAbsent(p: Uint8Array | undefined): boolean {
  return p === undefined || (p.length === 2 && p[0] === NULL_PARAMS[0] && p[1] === NULL_PARAMS[1]);
}

/** Parse RSASSA-PSS-params (RFC 4055 §3.1); undefined if outside what we accept. */
function pssScheme(params: Uint8Array | undefined): Scheme | undefined {
  if (!params) return undefined; // default SHA-1 is not accepted
  try {
    const code = revocationFailure('crl-malformed');
    const seq = expectTlv(params, 0, params.length, TAG.SEQUENCE, 'RSASSA-PSS-params', code);
    let hash: HashName | undefined;
    let mgfHash: HashName | undefined;
    let salt = 20;
    let p = seq.start;
    while (p < seq.end) {
      const f = readTlv(params, p, seq.end, 'RSASSA-PSS-params field', code);
      if (f.tag === 0xa0) {
        const alg = expectTlv(params, f.start, f.end, TAG.SEQUENCE, 'hashAlgorithm', code);
        hash = HASH_OIDS[decodeOid(params, expectTlv(params, alg.start, alg.end, TAG.OID, 'hash', code), code)];
      } else if (f.tag === 0xa1) {
        const alg = expectTlv(params, f.start, f.end, TAG.SEQUENCE, 'maskGenAlgorithm', code);
        const oidT = expectTlv(params, alg.start, alg.end, TAG.OID, 'mgf', code);
        if (decodeOid(params, oidT, code) !== MGF1) return undefined;
        const inner = expectTlv(params, oidT.end, alg.end, TAG.SEQUENCE, 'mgf1 hash', code);
        mgfHash = HASH_OIDS[decodeOid(params, expectTlv(params, inner.start, inner.end, TAG.OID, 'hash', code), code)];
      } else if (f.tag === 0xa2) {
        const n = expectTlv(params, f.start, f.end, TAG.INTEGER, 'saltLength', code);
        if (n.end - n.start > 2) return undefined;
        salt = 0;
        for (let i = n.start; i < n.end; i++) salt = salt * 256 + params[i]!;
      } else if (f.tag === 0xa3) {
        const n = expectTlv(params, f.start, f.end, TAG.INTEGER, 'trailerField', code);
        if (n.end - n.start !== 1 || params[n.start] !== 1) return undefined;
      } else {
        return undefined;
      }
      p = f.end;
    }
    if (!hash || hash !== mgfHash) return undefined;
    return { name: 'RSA-PSS', hash, saltLength: salt };
  } catch {
    return undefined;
  }
}

export function schemeFor(alg: AlgorithmIdentifierParts): Scheme | undefined {
  const hash = PKCS1_V15[alg.oid];
  if (hash) return nullOrAbsent(alg.params) ? { name: 'RSASSA-PKCS1-v1_5', hash } : undefined;
  if (alg.oid === RSASSA_PSS) return pssScheme(alg.params);
  return undefined;
}

/** Verify `signature` over `signed` with the key in `spki` (SubjectPublicKeyInfo DER). */
export async function verifyRsaSignature(
  alg: AlgorithmIdentifierParts,
  spki: Uint8Array,
  signed: Uint8Array,
  signature: Uint8Array,
): Promise<SignatureVerdict> {
  const scheme = schemeFor(alg);
  if (!scheme) return { valid: false, why: 'unsupported-algorithm', detail: `signature algorithm ${alg.oid} is not accepted` };
  let key: CryptoKey;
  try {
    key = await globalThis.crypto.subtle.importKey('spki', bufferSource(spki), { name: scheme.name, hash: scheme.hash }, false, ['verify']);
  } catch (cause) {
    return { valid: false, why: 'bad-key', detail: `issuer key is not an RSA key WebCrypto accepts (${String(cause)})` };
  }
  const params: AlgorithmIdentifier | RsaPssParams =
    scheme.name === 'RSA-PSS' ? { name: 'RSA-PSS', saltLength: scheme.saltLength } : { name: 'RSASSA-PKCS1-v1_5' };
  let ok: boolean;
  try {
    ok = await globalThis.crypto.subtle.verify(params, key, bufferSource(signature), bufferSource(signed));
  } catch (cause) {
    return { valid: false, why: 'bad-key', detail: `signature check failed to run (${String(cause)})` };
  }
  return ok ? { valid: true } : { valid: false, why: 'mismatch', detail: 'signature does not verify with the issuer key' };
}

/** WebCrypto wants ArrayBuffer-backed views; pass large views (a 37 MB tbsCertList) without copying. */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : copyBytes(bytes);
}
