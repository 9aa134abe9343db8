/**
 * Mint the licence simulator's issuer keys: src/sim/licence/fixtures/licence-issuer-keys.json.
 *
 * Run once: `npx tsx scripts/mint-licence-sim-keys.ts` (add `--force` to replace the file — this
 * changes every simulated licence signature and issuer certificate, so do it only on purpose).
 *
 * The keys are PUBLISHED TEST DATA ("Kazasu Simulator" licence issuers), never trusted outside
 * simulator mode. RSA-2048, e = 65537: the 256-byte signature of DF1/EF07 (licence-facts §3.7).
 */
import { generateKeyPair } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/** Must match LICENCE_ISSUER_KEY_IDS in src/sim/licence/licence-issuer.ts. */
const KEY_IDS = ['licence-ca', 'licence-issuer-1', 'licence-issuer-2', 'licence-issuer-rogue'] as const;

async function mintOne(): Promise<Record<string, string>> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = privateKey.export({ format: 'jwk' });
  const out: Record<string, string> = {};
  for (const k of ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
    const v = jwk[k];
    if (typeof v !== 'string') throw new Error(`generated JWK lacks ${k}`);
    out[k] = v;
  }
  return out;
}

async function main(): Promise<void> {
  const target = fileURLToPath(new URL('../src/sim/licence/fixtures/licence-issuer-keys.json', import.meta.url));
  if (existsSync(target) && !process.argv.includes('--force')) {
    console.error(`${target} exists; pass --force to replace the licence simulator's keys.`);
    process.exit(1);
  }
  const keys: Record<string, Record<string, string>> = {};
  for (const id of KEY_IDS) keys[id] = await mintOne();
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(
    target,
    `${JSON.stringify({ _warning: 'SIMULATOR KEYS (Kazasu Simulator licence issuers) — published test data, not secret, never trusted outside simulator mode', format: 'kazasu-sim-keys/1', algorithm: 'RSA-2048, e=65537, JWK private keys', generatedBy: 'scripts/mint-licence-sim-keys.ts', keys }, null, 2)}\n`,
  );
  console.log(`wrote ${KEY_IDS.length} keys to ${target}`);
}

await main();
