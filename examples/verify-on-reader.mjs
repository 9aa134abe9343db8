// README "Library": verify the My Number Card (or any registered document) on a PC/SC reader for
// the counter check, from a Node script. tests/pcsc/cli-pcscd.test.ts runs it against pcscd + vpcd
// and checks that README shows exactly this code.
//
//   KAZASU_CODE_B=<照合番号B> node examples/verify-on-reader.mjs [reader index or name]
//
// The credential comes from the environment, not the command line (other users can read
// command lines). KAZASU_TRUST=simulator only for simulated cards.
import { openPcscReader, verificationEnvironmentFor, verifyCard } from 'kazasu';

const reader = await openPcscReader(process.argv[2] ?? 0);     // index or name, as `kazasu readers`
try {
  const { report, tries } = await verifyCard(reader.transport, {
    purpose: 'counter',
    credentials: { codeB: process.env.KAZASU_CODE_B ?? '' },   // from the environment, not argv
    environment: await verificationEnvironmentFor({ trust: process.env.KAZASU_TRUST ?? 'production' }),
  });
  console.log(`${reader.name}: ${report.document}, tries before: ${JSON.stringify(tries)}`);
  for (const check of report.checks) console.log(`${check.status.padEnd(8)} ${check.id} ${check.code}`);
  console.log(`outcome: ${report.outcome}`);
  process.exitCode = report.outcome === 'verified' ? 0 : 1;
} finally {
  await reader.close();
}
