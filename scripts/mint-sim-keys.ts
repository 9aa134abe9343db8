/**
 * Mint the simulator's RSA key fixture: src/sim/pki/fixtures/sim-keys.json.
 *
 * Run once: `npx tsx scripts/mint-sim-keys.ts` (add `--force` to replace an existing file —
 * this changes every simulated certificate and signature, so do it only on purpose).
 *
 * The keys are PUBLISHED TEST DATA. They are not secret and must never be trusted outside
 * simulator mode. RSA-2048, e = 65537 as on the real card (spec §4.4, §3.4).
 */
import { generateKeyPair } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/** Must match SIM_ROLE_KEY_IDS and the card pool in src/sim/pki/sim-key-ids.ts. */
const ROLE_KEY_IDS = [
  'jpki-sign-root',
  'jpki-auth-root',
  'jpki-sign-root-gen2',
  'jpki-auth-root-gen2',
  'untrusted-root',
  'cv-ca-text',
  'cv-ca-face',
  'cv-ca-mf',
  'cv-ca-rogue',
  'cv-ap-text',
  'cv-ap-face',
  'ocsp-responder',
  'ocsp-rogue',
  'crl-signer-rogue',
] as const;
const CARD_POOL_SIZE = 48;

const WARNING =
  'SIMULATOR KEYS — published test data, not secret, never trusted outside simulator mode';

async function mintOne(): Promise<Record<string, string>> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const jwk = privateKey.export({ format: 'jwk' });
  // Keep only the RFC 7518 RSA private members, in a fixed order.
  const out: Record<string, string> = {};
  for (const k of ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
    const v = jwk[k];
    if (typeof v !== 'string') throw new Error(`generated JWK lacks ${k}`);
    out[k] = v;
  }
  return out;
}

async function main(): Promise<void> {
  const target = fileURLToPath(new URL('../src/sim/pki/fixtures/sim-keys.json', import.meta.url));
  if (existsSync(target) && !process.argv.includes('--force')) {
    console.error(`${target} exists; pass --force to replace every simulator key.`);
    process.exit(1);
  }
  const ids = [
    ...ROLE_KEY_IDS,
    ...Array.from({ length: CARD_POOL_SIZE }, (_, i) => `card-${String(i).padStart(2, '0')}`),
  ];
  const jwks = await Promise.all(ids.map(() => mintOne()));
  const keys: Record<string, Record<string, string>> = {};
  ids.forEach((id, i) => {
    keys[id] = jwks[i]!;
  });
  const fixture = {
    _warning: WARNING,
    format: 'kazasu-sim-keys/1',
    algorithm: 'RSA-2048, e=65537, JWK (RFC 7517/7518) private keys',
    generatedBy: 'scripts/mint-sim-keys.ts',
    keys,
  };
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(fixture, null, 2) + '\n', 'utf8');
  console.log(`wrote ${ids.length} keys to ${target}`);
}

await main();
