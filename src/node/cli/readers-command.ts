import { toHex } from '../../bytes/hex';
import { CardProbe } from '../../documents/registry';
import { isKazasuError } from '../../errors/kazasu-error';
import type { PcscService } from '../bridge/pcsc-service';
import { DEFAULT_READER_WAIT_MS, openPcsc, sortedReaders } from './card-source';
import { flag, parseArgs, UsageError } from './cli-args';
import { EXIT } from './exit-codes';
import type { Print } from './cli-args';

/** One reader as `kazasu readers --json` prints it. */
export interface ReaderListing {
  /** What `--reader <index>` takes. */
  readonly index: number;
  readonly name: string;
  /** Absent: no card on the reader. */
  readonly card: {
    /** Answer to reset, hex. */
    readonly atr: string;
    /** The registered document that recognised the card; null: none did (or the reader was busy, see `error`). */
    readonly document: string | null;
    readonly variant?: string;
    /** Why the card could not be probed (e.g. reader-busy, card-removed). */
    readonly error?: string;
  } | null;
}

/**
 * What is on each reader: connect, let the registered documents recognise the card (SELECT and
 * free reads only — the registry's CardProbe refuses anything that could spend a try), reset.
 */
export async function listReaders(service: PcscService): Promise<ReaderListing[]> {
  const { PcscCardTransport } = await import('../pcsc/pcsc-card-transport');
  const out: ReaderListing[] = [];
  for (const [index, reader] of sortedReaders(service).entries()) {
    if (!reader.cardPresent) {
      out.push({ index, name: reader.name, card: null });
      continue;
    }
    const transport = new PcscCardTransport(service, reader.name);
    let atr = reader.atr ? toHex(reader.atr) : '';
    try {
      await transport.connect();
      if (transport.atr && transport.atr.length > 0) atr = toHex(transport.atr);
      const probe = new CardProbe(transport);
      try {
        const found = await probe.detect({});
        const variant = found?.detection.variant;
        out.push({ index, name: reader.name, card: { atr, document: found ? found.driver.kind : null, ...(variant ? { variant } : {}) } });
      } finally {
        probe.close();
      }
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      out.push({ index, name: reader.name, card: { atr, document: null, error: e.code } });
    } finally {
      await transport.disconnect().catch(() => undefined);
    }
  }
  return out;
}

/** `kazasu readers [--json] [--wait <ms>]` (`kazasu readers --help`). */
export async function readersCommand(argv: readonly string[], print: Print): Promise<number> {
  const args = parseArgs(argv, ['wait'], ['json']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const wait = Number(flag(args, 'wait') ?? DEFAULT_READER_WAIT_MS);
  if (!Number.isInteger(wait) || wait < 0 || wait > 60_000) throw new UsageError('--wait takes milliseconds, 0–60000');
  const service = await openPcsc(wait);
  let readers: ReaderListing[];
  try {
    readers = await listReaders(service);
  } finally {
    await service.close();
  }
  if (args.flags.has('json')) {
    print(JSON.stringify(readers, null, 2));
    return EXIT.ok;
  }
  if (readers.length === 0) {
    print('no PC/SC readers (is the reader plugged in? `pcsc_scan` shows what pcscd sees)');
    return EXIT.ok;
  }
  const { documentDriver } = await import('../../documents/registry');
  for (const r of readers) {
    const card = r.card === null ? 'no card' : r.card.error ? `card ${r.card.atr} — could not be probed (${r.card.error})` : `card ${r.card.atr} — ${r.card.document ? (documentDriver(r.card.document)?.title.en ?? r.card.document) : 'not a document Kazasu reads'}${r.card.variant ? ` (${r.card.variant})` : ''}`;
    print(`${String(r.index).padStart(2)}  ${r.name}\n    ${card}`);
  }
  return EXIT.ok;
}
