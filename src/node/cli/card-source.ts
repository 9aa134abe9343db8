/**
 * Where `kazasu read|verify` find the card: a PC/SC reader (`--reader <name|index>`) or a
 * simulated card (`--sim <profile|file>`). Either way the commands get one CardTransport, wrapped
 * so it counts APDUs and lets each credential through at most once per run.
 */
import { SimulatedTransport } from '../../transport/simulated-transport';
import type { CardTransport } from '../../transport/card-transport';
import { TransportError } from '../../transport/card-transport';
import type { PcscReaderState, PcscService } from '../bridge/pcsc-service';
import type { SimulatedCardOnReader } from '../sim-documents/simulated-document';
import { CountingTransport } from './card-on-reader';
import { flag, UsageError, type ParsedArgs } from './cli-args';
import { OneTryPerRunTransport } from './one-try-per-run';

export interface CardSource {
  /** The transport the command uses (counting, one try per credential per run). */
  readonly transport: CardTransport & { readonly apdus: number };
  /** For people: which card on which reader. */
  readonly label: string;
  /** The simulated card, when `--sim` was used (its profile's own credentials, the profile id). */
  readonly simulated?: SimulatedCardOnReader;
  /** The PC/SC reader's name, when `--reader` was used. */
  readonly reader?: string;
  close(): Promise<void>;
}

/** How long `--reader` and `kazasu readers` wait for PC/SC to report readers and cards. */
export const DEFAULT_READER_WAIT_MS = 1500;

/** Readers in a stable order (by name), so an index means the same reader in `kazasu readers` and `--reader`. */
export function sortedReaders(service: PcscService): PcscReaderState[] {
  return [...service.readers()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `--reader` by index (as `kazasu readers` numbers them) or by exact name. */
export function chooseReader(readers: readonly PcscReaderState[], wanted: string): PcscReaderState {
  const list = readers.length === 0 ? ' (PC/SC reports no reader: is it plugged in?)' : `: ${readers.map((r, i) => `${i} "${r.name}"`).join(', ')}`;
  if (/^\d+$/.test(wanted)) {
    const r = readers[Number(wanted)];
    if (!r) throw new TransportError('reader-unplugged', `no reader with index ${wanted}${list}`);
    return r;
  }
  const r = readers.find((x) => x.name === wanted);
  if (!r) throw new TransportError('reader-unplugged', `no reader named "${wanted}"${list}`);
  return r;
}

/** Open PC/SC (lazily: the native binding loads only here) and wait for its first report. */
export async function openPcsc(waitMs = DEFAULT_READER_WAIT_MS): Promise<PcscService> {
  const { openPcscliteService } = await import('../bridge/pcsclite-service');
  const { transportErrorOf } = await import('../pcsc/pcsc-card-transport');
  let service: PcscService;
  try {
    service = openPcscliteService();
  } catch (e) {
    throw transportErrorOf(e);
  }
  await service.settled(waitMs);
  return service;
}

function wrap(inner: CardTransport): CountingTransport {
  return new CountingTransport(new OneTryPerRunTransport(inner));
}

export async function openCardSource(args: ParsedArgs, options: { readonly forgery?: string } = {}): Promise<CardSource> {
  const simRef = flag(args, 'sim');
  const readerRef = flag(args, 'reader');
  if ((simRef === undefined) === (readerRef === undefined)) throw new UsageError('give exactly one card source: --reader <name|index> (see `kazasu readers`) or --sim <profile|file.json>');
  const extendedLength = !args.flags.has('short');
  if (simRef !== undefined) {
    // A named My Number Card comes precomputed with the bundled CLI (sim-material.ts); anything
    // else is built now, loading only then every document's simulator.
    const simulated =
      (options.forgery ? undefined : await (await import('./sim-material')).precomputedSimulatedCard(simRef)) ??
      (await (await import('../sim-documents')).simulatedCard(simRef, options.forgery ? { forgery: options.forgery } : {}));
    const transport = wrap(new SimulatedTransport(simulated.responder, { extendedLength }));
    await transport.connect();
    return { transport, label: `simulated card "${simulated.profileId}"`, simulated, close: () => transport.disconnect() };
  }
  if (options.forgery) throw new UsageError('--forgery needs --sim');
  const service = await openPcsc(Number(flag(args, 'wait') ?? DEFAULT_READER_WAIT_MS));
  try {
    const reader = chooseReader(sortedReaders(service), readerRef!);
    if (!reader.cardPresent) throw new TransportError('no-card', `no card on the reader "${reader.name}"`);
    const { PcscCardTransport } = await import('../pcsc/pcsc-card-transport');
    const transport = wrap(new PcscCardTransport(service, reader.name, { extendedLength }));
    await transport.connect();
    return {
      transport,
      label: `PC/SC reader "${reader.name}"`,
      reader: reader.name,
      close: async () => {
        await transport.disconnect().catch(() => undefined);
        await service.close();
      },
    };
  } catch (e) {
    await service.close();
    throw e;
  }
}
