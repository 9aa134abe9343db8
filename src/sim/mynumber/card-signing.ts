import { copyBytes } from '../../bytes/byte-ops';
import { rsaPkcs1v15SignRaw } from '../pki/rsa-raw';
import { importPrivateKey, simKey, type SimKeyPair } from '../pki/sim-keys';
import type { SimKeyId } from '../pki/sim-key-ids';
import type { CardKey } from '../card/card-model';
import type { CardSigner } from '../card/simulated-card';

/** RSASSA-PKCS1-v1_5 with SHA-256 over `data` (record and CV signatures, spec §3.3–3.8). */
export async function signSha256(key: SimKeyPair, data: Uint8Array): Promise<Uint8Array> {
  const k = await importPrivateKey(key);
  return new Uint8Array(await globalThis.crypto.subtle.sign('RSASSA-PKCS1-v1_5', k, copyBytes(data)));
}

/** The simulated card's raw private operation: CardKey.id names a simulator key. */
export const simCardSigner: CardSigner = (key: CardKey, data: Uint8Array) => {
  const pair = simKey(key.id as SimKeyId);
  if (data.length > 245) return undefined;
  return rsaPkcs1v15SignRaw(pair, data);
};
