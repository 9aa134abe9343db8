#!/usr/bin/env node
// Entry point of `kazasu` / `npx kazasu` / `npm run cli --`: runs the JavaScript that `npm install`
// built (the `prepare` script, scripts/build.mjs, bundles src/node/cli/main.ts into lib/cli.mjs).
// Never TypeScript at run time, and never a silent fall-back to it: without lib/ it says so.
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
// `kazasu --version` answers before anything else is loaded (issue 13: < 150 ms); the same words
// as src/node/cli/main.ts, from the same package.json.
if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
  console.log(`kazasu ${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}`);
} else {
  let cli;
  try {
    cli = await import('../lib/cli.mjs');
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('lib/cli.mjs')) throw e;
    console.error('kazasu: the CLI is not built yet: run `npm install` (or `npm run build:cli`) in the kazasu directory');
    process.exit(70);
  }
  process.exitCode = await cli.main(argv);
}
