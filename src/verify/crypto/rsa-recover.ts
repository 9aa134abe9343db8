/**
 * The RSA public operation by hand (RSAVP1, RFC 8017 §5.2.2) and a strict EMSA-PKCS1-v1_5 block
 * parser. Needed for the 券面AP card face: its signature wraps a DigestInfo whose OCTET STRING is
 * 0x60 bytes (three SHA-256 digests, spec §3.7), which no WebCrypto verify call accepts.
 */
import { bigIntToBytes, bytesToBigInt, modPow } from './bigint-bytes';
import { checkRsaKey, type RsaKeyMaterial } from './rsa-key-material';

/**
 * s^e mod n as exactly k = |n| bytes, or undefined when the key is refused, the signature is
 * not k bytes long, or its integer is ≥ n ("signature representative out of range").
 */
export function rsaPublicRecover(key: RsaKeyMaterial, signature: Uint8Array): Uint8Array | undefined {
  const checked = checkRsaKey(key);
  if (typeof checked === 'string') return undefined;
  if (!(signature instanceof Uint8Array) || signature.length !== checked.k) return undefined;
  const n = bytesToBigInt(checked.n);
  const s = bytesToBigInt(signature);
  if (s >= n) return undefined;
  return bigIntToBytes(modPow(s, bytesToBigInt(checked.e), n), checked.k);
}

/** RFC 8017 §9.2 note 1: at least 8 bytes of FF padding. */
const MIN_PADDING = 8;

/**
 * The payload T of a type-1 block `00 01 FF…FF 00 ‖ T` with at least 8 FF bytes, else
 * undefined. Nothing else is tolerated (no other padding bytes, no short padding), so a block
 * that parses has the exact shape a signer produces. Returns a view into `em`.
 */
export function parsePkcs1v15Block(em: Uint8Array): Uint8Array | undefined {
  if (em.length < 3 + MIN_PADDING || em[0] !== 0x00 || em[1] !== 0x01) return undefined;
  let i = 2;
  while (i < em.length && em[i] === 0xff) i++;
  if (i - 2 < MIN_PADDING || i >= em.length || em[i] !== 0x00) return undefined;
  return em.subarray(i + 1);
}
