/**
 * One signature check for every algorithm eMRTD PKIs use (9303-12 §4.4): over a SOD's signed
 * attributes, a DSC's or CSCA's tbsCertificate, a master list, a CRL.
 *
 *  - RSA PKCS#1 v1.5: sha*WithRSAEncryption, or rsaEncryption with the hash named by the CMS
 *    digestAlgorithm (US and NZ SODs do this);
 *  - RSASSA-PSS with its RFC 4055 parameters (defaults SHA-1 / MGF1-SHA-1 / salt 20 / trailer 1);
 *  - ECDSA with ecdsa-with-SHA*, or id-ecPublicKey with the digestAlgorithm's hash, DER-encoded
 *    (X9.62); TR-03111 ecdsa-plain-SHA* signatures are r‖s.
 * RSA keys are imported into WebCrypto from their modulus and exponent (so keys whose SPKI says
 * id-RSASSA-PSS work too); the few combinations WebCrypto refuses are verified by rsa.ts.
 */
import { base64UrlFromBytes } from './base64url';
import { childrenOf, decodeOid, decodeSmallUnsigned, decodeUnsignedBytes, readWhole, UNIVERSAL } from '../../../cards/passport/lds/ber';
import type { AlgorithmId } from '../../../cards/passport/lds/cms-signed-data';
import type { PublicKeyInfo } from '../../../cards/passport/lds/public-key';
import { copyBytes } from '../../../bytes/byte-ops';
import { bytesToBigInt } from '../../crypto/bigint-bytes';
import { splitPlainSignature, verifyEcdsa } from './ecdsa';
import { HASH_BY_OID, hashOfAlgorithm, type HashName } from './hashes';
import { rsaKeyProblem, verifyPkcs1v15Raw, verifyPssRaw } from './rsa';

export type SignatureScheme =
  | { readonly kind: 'rsa-pkcs1'; readonly hash: HashName }
  | { readonly kind: 'rsa-pss'; readonly hash: HashName; readonly mgfHash: HashName; readonly saltLength: number }
  | { readonly kind: 'ecdsa'; readonly hash: HashName; readonly encoding: 'der' | 'plain' };

export type SignatureVerdict =
  | { readonly valid: true; readonly scheme: SignatureScheme }
  | { readonly valid: false; readonly why: 'mismatch' | 'unsupported-algorithm' | 'bad-key' | 'bad-signature-encoding'; readonly detail: string; readonly scheme?: SignatureScheme };

const RSA_PKCS1: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.14': 'SHA-224',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
const ECDSA_X962: Readonly<Record<string, HashName>> = {
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.1': 'SHA-224',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
/** TR-03111 §5.2.1 ecdsa-plain-signatures 0.4.0.127.0.7.1.1.4.1.x. */
export const ECDSA_PLAIN: Readonly<Record<string, HashName>> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'SHA-1',
  '0.4.0.127.0.7.1.1.4.1.2': 'SHA-224',
  '0.4.0.127.0.7.1.1.4.1.3': 'SHA-256',
  '0.4.0.127.0.7.1.1.4.1.4': 'SHA-384',
  '0.4.0.127.0.7.1.1.4.1.5': 'SHA-512',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const MGF1 = '1.2.840.113549.1.1.8';

function nullOrAbsent(p: Uint8Array | undefined): boolean {
  return p === undefined || (p.length === 2 && p[0] === 0x05 && p[1] === 0x00);
}

/** RSASSA-PSS-params (RFC 4055 §3.1), with its defaults. Undefined when malformed or outside what is accepted. */
export function parsePssParams(params: Uint8Array | undefined): { hash: HashName; mgfHash: HashName; saltLength: number } | undefined {
  let hash: HashName = 'SHA-1';
  let mgfHash: HashName = 'SHA-1';
  let saltLength = 20;
  if (params === undefined || (params.length === 2 && params[0] === 0x05 && params[1] === 0x00)) return { hash, mgfHash, saltLength };
  try {
    const seq = readWhole(params);
    if (seq.tag !== UNIVERSAL.SEQUENCE) return undefined;
    for (const f of childrenOf(params, seq)) {
      const [inner] = childrenOf(params, f);
      if (!inner) return undefined;
      if (f.tag === 0xa0) {
        const [oid, p] = childrenOf(params, inner);
        const h = hashOfAlgorithm({ oid: decodeOid(params, oid!), ...(p ? { params: params.subarray(p.offset, p.next) } : {}) });
        if (!h) return undefined;
        hash = h;
      } else if (f.tag === 0xa1) {
        const [oid, hashAlg] = childrenOf(params, inner);
        if (decodeOid(params, oid!) !== MGF1 || !hashAlg) return undefined;
        const [hOid, hp] = childrenOf(params, hashAlg);
        const h = hashOfAlgorithm({ oid: decodeOid(params, hOid!), ...(hp ? { params: params.subarray(hp.offset, hp.next) } : {}) });
        if (!h) return undefined;
        mgfHash = h;
      } else if (f.tag === 0xa2) {
        saltLength = decodeSmallUnsigned(params, inner);
        if (saltLength > 512) return undefined;
      } else if (f.tag === 0xa3) {
        if (decodeSmallUnsigned(params, inner) !== 1) return undefined; // trailerFieldBC only
      } else {
        return undefined;
      }
    }
  } catch {
    return undefined;
  }
  return { hash, mgfHash, saltLength };
}

/** The scheme an AlgorithmIdentifier (plus, for rsaEncryption / id-ecPublicKey, the CMS digest algorithm) names. */
export function schemeOf(alg: AlgorithmId, digestAlgorithmOid?: string): SignatureScheme | string {
  const rsa = RSA_PKCS1[alg.oid];
  if (rsa) return nullOrAbsent(alg.params) ? { kind: 'rsa-pkcs1', hash: rsa } : `${alg.oid} with unexpected parameters`;
  const ec = ECDSA_X962[alg.oid];
  if (ec) return nullOrAbsent(alg.params) ? { kind: 'ecdsa', hash: ec, encoding: 'der' } : `${alg.oid} with unexpected parameters`;
  const plain = ECDSA_PLAIN[alg.oid];
  if (plain) return { kind: 'ecdsa', hash: plain, encoding: 'plain' };
  if (alg.oid === RSASSA_PSS) {
    const p = parsePssParams(alg.params);
    return p ? { kind: 'rsa-pss', ...p } : 'RSASSA-PSS parameters are malformed or not supported';
  }
  if (alg.oid === RSA_ENCRYPTION || alg.oid === EC_PUBLIC_KEY) {
    const hash = digestAlgorithmOid ? HASH_BY_OID[digestAlgorithmOid] : undefined;
    if (!hash) return `${alg.oid} without a supported digest algorithm`;
    return alg.oid === RSA_ENCRYPTION ? { kind: 'rsa-pkcs1', hash } : { kind: 'ecdsa', hash, encoding: 'der' };
  }
  return `signature algorithm ${alg.oid} is not supported`;
}

export function describeScheme(s: SignatureScheme): string {
  if (s.kind === 'rsa-pkcs1') return `RSA PKCS#1 v1.5 with ${s.hash}`;
  if (s.kind === 'rsa-pss') return `RSASSA-PSS with ${s.hash} (MGF1-${s.mgfHash}, salt ${s.saltLength})`;
  return `ECDSA with ${s.hash}${s.encoding === 'plain' ? ' (plain r‖s)' : ''}`;
}

/** X9.62 Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, strictly DER. */
export function decodeDerEcdsaSignature(sig: Uint8Array): { r: bigint; s: bigint } | undefined {
  try {
    const seq = readWhole(sig);
    if (seq.tag !== UNIVERSAL.SEQUENCE) return undefined;
    const kids = childrenOf(sig, seq);
    if (kids.length !== 2 || kids.some((k) => k.tag !== UNIVERSAL.INTEGER)) return undefined;
    return { r: bytesToBigInt(decodeUnsignedBytes(sig, kids[0]!)), s: bytesToBigInt(decodeUnsignedBytes(sig, kids[1]!)) };
  } catch {
    return undefined;
  }
}

const rsaKeys = new Map<string, Promise<CryptoKey>>();

function importRsa(key: { modulus: Uint8Array; exponent: Uint8Array }, name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS', hash: HashName): Promise<CryptoKey> {
  const jwk: JsonWebKey = { kty: 'RSA', n: base64UrlFromBytes(key.modulus), e: base64UrlFromBytes(key.exponent), ext: true };
  const id = `${name}|${hash}|${jwk.n}|${jwk.e}`;
  let p = rsaKeys.get(id);
  if (!p) {
    p = globalThis.crypto.subtle.importKey('jwk', jwk, { name, hash }, false, ['verify']);
    if (rsaKeys.size > 256) rsaKeys.clear();
    rsaKeys.set(id, p);
    p.catch(() => rsaKeys.delete(id));
  }
  return p;
}

/** Verifies `signature` over `data` with `key` under `alg`. Never throws for bad input. */
export async function verifySignature(alg: AlgorithmId, key: PublicKeyInfo, data: Uint8Array, signature: Uint8Array, digestAlgorithmOid?: string): Promise<SignatureVerdict> {
  const scheme = schemeOf(alg, digestAlgorithmOid);
  if (typeof scheme === 'string') return { valid: false, why: 'unsupported-algorithm', detail: scheme };
  if (scheme.kind === 'ecdsa') {
    if (key.kind !== 'ec') return { valid: false, why: 'bad-key', detail: `an ECDSA signature needs an EC key, the signer's key is ${key.kind.toUpperCase()}`, scheme };
    const rs = scheme.encoding === 'der' ? decodeDerEcdsaSignature(signature) : splitPlainSignature(signature, key.domain);
    if (!rs) return { valid: false, why: 'bad-signature-encoding', detail: `the ECDSA signature is not a valid ${scheme.encoding === 'der' ? 'DER' : 'r‖s'} encoding`, scheme };
    const outcome = await verifyEcdsa(key, scheme.hash, data, rs.r, rs.s);
    if (outcome === 'valid') return { valid: true, scheme };
    if (outcome === 'bad-key') return { valid: false, why: 'bad-key', detail: 'the signer\'s EC public key is not a point on its curve', scheme };
    return { valid: false, why: 'mismatch', detail: `${describeScheme(scheme)} signature does not verify`, scheme };
  }
  if (key.kind !== 'rsa') return { valid: false, why: 'bad-key', detail: `an RSA signature needs an RSA key, the signer's key is ${key.kind.toUpperCase()}`, scheme };
  const problem = rsaKeyProblem(key);
  if (problem) return { valid: false, why: 'bad-key', detail: problem, scheme };
  let ok: boolean;
  try {
    if (scheme.kind === 'rsa-pkcs1') {
      ok = scheme.hash === 'SHA-224'
        ? await verifyPkcs1v15Raw(key, scheme.hash, data, signature)
        : await globalThis.crypto.subtle.verify('RSASSA-PKCS1-v1_5', await importRsa(key, 'RSASSA-PKCS1-v1_5', scheme.hash), copyBytes(signature), copyBytes(data));
    } else {
      ok = scheme.hash === 'SHA-224' || scheme.mgfHash !== scheme.hash
        ? await verifyPssRaw(key, scheme.hash, scheme.mgfHash, scheme.saltLength, data, signature)
        : await globalThis.crypto.subtle.verify({ name: 'RSA-PSS', saltLength: scheme.saltLength }, await importRsa(key, 'RSA-PSS', scheme.hash), copyBytes(signature), copyBytes(data));
    }
  } catch (e) {
    return { valid: false, why: 'bad-key', detail: `the RSA key could not be used (${(e as Error).message})`, scheme };
  }
  return ok ? { valid: true, scheme } : { valid: false, why: 'mismatch', detail: `${describeScheme(scheme)} signature does not verify`, scheme };
}
