import { arch, cpus, totalmem } from 'node:os';
import { printTable, type Timing } from './measure';
import { verificationBenchmarks } from './verification.bench';
import { revocationBenchmarks } from './revocation.bench';
import { appSizeBenchmarks, printSizes } from './app-size.bench';
import { bitRateBenchmarks, cardIoBenchmarks, printBitRates, printCardIo } from './card-io.bench';
import { appStartupBenchmarks } from './app-startup.bench';
import { crlScaleBenchmarks, printCrlScale } from './crl-scale.bench';
import { passportAccessBenchmarks, printPassportAccess } from './passport-access.bench';
import { passportTypeABenchmarks, printPassportTypeA } from './passport-type-a.bench';
import { printResidenceCardIo, residenceCardBenchmarks } from './residence-card.bench';
import { passportPaBenchmarks } from './passport-pa.bench';
import { licenceReadBenchmarks, printLicenceRead } from './licence-read.bench';
import { ocrBenchmarks, ocrPrecacheSizes, printOcr, printOcrSizes } from './ocr.bench';

/** `npm run bench`: every benchmark in one run, one table, plus the machine it ran on. */
const rows: Timing[] = [];
rows.push(...(await verificationBenchmarks()));
rows.push(...(await revocationBenchmarks()));
rows.push(...(await passportPaBenchmarks()));
// Modelled, not timed: the card-I/O rows have their own columns, printed as a second table.
const cardIo = await cardIoBenchmarks();
const residence = await residenceCardBenchmarks();
rows.push(...residence.cpu);
console.log(`Kazasu benchmarks — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'} (${arch()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
printTable(rows);
console.log('');
printCardIo(cardIo);
console.log('');
// The counter check at the card's best Type B rate, the rate chosen by the real transports (issue 13).
printBitRates(await bitRateBenchmarks(cardIo));
console.log('');
// Passport access control + secure messaging, modelled like the card I/O above (issue 15).
printPassportAccess(await passportAccessBenchmarks());
console.log('');
// The same read over ISO/IEC 14443 Type A framing, with the Type A activation and PPS (issue 15, Readers).
printPassportTypeA(await passportTypeABenchmarks());
console.log('');
printResidenceCardIo(residence.io);
console.log('');
// Driver's licence read, PIN1 only and PIN1 + PIN2, modelled the same way (issue 14).
printLicenceRead(await licenceReadBenchmarks());
console.log('');
// CRLs of 10⁶ and 10⁷ entries, each run in its own child process (KAZASU_BENCH_CRL_SIZES overrides).
printCrlScale(await crlScaleBenchmarks());
console.log('');
const BUILD = '/tmp/kazasu-bench-dist';
printSizes(appSizeBenchmarks(BUILD));
console.log('');
printOcrSizes(ocrPrecacheSizes(BUILD));
console.log('');
// The app in Chromium, on the build measured above.
printTable(await appStartupBenchmarks(BUILD));
console.log('');
// Camera OCR of 照合番号B on synthetic card-front photos (KAZASU_BENCH_OCR_PHOTOS, default 200).
printOcr(await ocrBenchmarks());
