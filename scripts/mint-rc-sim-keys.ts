/**
 * Mint the residence-card simulator's keys: src/sim/residence-card/pki/fixtures/rc-sim-keys.json.
 *
 *   npx tsx scripts/mint-rc-sim-keys.ts [--force]
 *
 * Generation 1 is RSA-2048 (e = 65537) like the MOJ "ZairyuCard CA" and the card certificate
 * (在留カード等仕様書 §3.4.3.1); generation 2 is ECDSA on NIST P-384 (第二世代 spec). PUBLISHED TEST
 * DATA: not secret, never trusted outside simulator mode. Replacing them changes every simulated
 * residence-card certificate and signature, so do it only on purpose.
 */
import { generateKeyPair } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/** Must match RC_SIM_KEY_IDS in src/sim/residence-card/pki/rc-sim-keys.ts. */
const RSA_IDS = ['rc1-ca', 'rc1-signer', 'rc1-signer-b', 'rc1-rogue-ca'] as const;
const EC_IDS = ['rc2-ca', 'rc2-signer', 'rc2-signer-b', 'rc2-rogue-ca'] as const;

async function rsa(): Promise<Record<string, string>> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = privateKey.export({ format: 'jwk' });
  const out: Record<string, string> = {};
  for (const k of ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) out[k] = String(jwk[k]);
  return out;
}

async function ec(): Promise<Record<string, string>> {
  const { privateKey } = await generate('ec', { namedCurve: 'P-384' });
  const jwk = privateKey.export({ format: 'jwk' });
  const out: Record<string, string> = {};
  for (const k of ['kty', 'crv', 'x', 'y', 'd'] as const) out[k] = String(jwk[k]);
  return out;
}

async function main(): Promise<void> {
  const target = fileURLToPath(new URL('../src/sim/residence-card/pki/fixtures/rc-sim-keys.json', import.meta.url));
  if (existsSync(target) && !process.argv.includes('--force')) {
    console.error(`${target} exists; pass --force to replace every residence-card simulator key.`);
    process.exit(1);
  }
  const keys: Record<string, Record<string, string>> = {};
  for (const id of RSA_IDS) keys[id] = await rsa();
  for (const id of EC_IDS) keys[id] = await ec();
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(
    target,
    JSON.stringify(
      {
        _warning: 'SIMULATOR KEYS — published test data, not secret, never trusted outside simulator mode',
        format: 'kazasu-rc-sim-keys/1',
        algorithm: 'rc1-*: RSA-2048 e=65537; rc2-*: ECDSA P-384; JWK (RFC 7517/7518) private keys',
        generatedBy: 'scripts/mint-rc-sim-keys.ts',
        keys,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${Object.keys(keys).length} keys to ${target}`);
}

await main();
