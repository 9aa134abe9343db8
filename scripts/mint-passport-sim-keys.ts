/**
 * Mint the simulated passports' RSA key fixture: src/sim/passport/pki/fixtures/passport-sim-keys.json.
 * (The simulated passports' EC keys need no fixture: sim/passport/pki/sim-passport-keys.ts derives
 * each from its label.)
 *
 * Run once: `npx tsx scripts/mint-passport-sim-keys.ts` (`--force` replaces an existing file —
 * that changes every simulated passport certificate and signature, so only on purpose).
 *
 * PUBLISHED TEST DATA: not secret, never trusted outside simulator mode.
 */
import { generateKeyPair } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

/** id → modulus bits. Must match RSA_KEY_IDS in src/sim/passport/pki/sim-passport-keys.ts. */
const KEYS: Record<string, number> = {
  'csca-xu': 2048, // Utopia CSCA, signs with RSASSA-PSS
  'dsc-xu-pss': 2048, // Utopia DSC that signs SODs with RSASSA-PSS
  'aa-rsa-1024': 1024, // Active Authentication keys (9303-11 §6.1 allows 1024 and up)
  'aa-rsa-2048': 2048,
  'aa-rsa-clone': 1024, // the key a cloned chip holds instead
};

const out = fileURLToPath(new URL('../src/sim/passport/pki/fixtures/passport-sim-keys.json', import.meta.url));
if (existsSync(out) && !process.argv.includes('--force')) {
  console.error(`${out} exists; pass --force to replace it (changes every simulated passport signature)`);
  process.exit(1);
}
const keys: Record<string, unknown> = {};
for (const [id, bits] of Object.entries(KEYS)) {
  const { privateKey } = await generate('rsa', { modulusLength: bits, publicExponent: 0x10001 });
  keys[id] = privateKey.export({ format: 'jwk' });
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      _warning: 'SIMULATOR KEYS — published test data, not secret, never trusted outside simulator mode',
      format: 'kazasu-passport-sim-keys/1',
      generatedBy: 'scripts/mint-passport-sim-keys.ts',
      keys,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${Object.keys(keys).length} keys to ${out}`);
