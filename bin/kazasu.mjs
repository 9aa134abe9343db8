#!/usr/bin/env node
// Entry point of `kazasu` / `npx kazasu` / `npm run cli --`: runs the JavaScript that `npm install`
// built (the `prepare` script, scripts/build.mjs, bundles src/node/cli/main.ts into lib/cli.mjs).
// Never TypeScript at run time.
let cli;
try {
  cli = await import('../lib/cli.mjs');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('lib/cli.mjs')) throw e;
  console.error('kazasu: the CLI is not built yet: run `npm install` (or `npm run build:cli`) in the kazasu directory');
  process.exit(70);
}
process.exitCode = await cli.main(process.argv.slice(2));
