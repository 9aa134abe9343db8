/**
 * CardTransport on a PC/SC reader in this process (`kazasu read|verify --reader`, the library's
 * Node entry): the card library, the document drivers and the verifier run over it exactly as
 * over any reader path. It uses the same PcscService as `kazasu bridge` (@pokusew/pcsclite via
 * pcsclite-service.ts; the OS PC/SC stack does ISO-DEP, chaining and WTX), one exclusive card
 * session per connect, reset on disconnect so no PIN status outlives the session.
 */
import {
  TransportError,
  type CardEventListener,
  type CardTransport,
  type TransportCapabilities,
  type TransportErrorCode,
} from '../../transport/card-transport';
import { PcscError, type PcscCardSession, type PcscService } from '../bridge/pcsc-service';

export interface PcscCardTransportOptions {
  /**
   * The reader passes ISO 7816-4 extended-length APDUs (default true; most contactless PC/SC
   * readers do, some do not — `--short` then reads in 256-byte pieces).
   */
  readonly extendedLength?: boolean;
}

const PCSC_TO_TRANSPORT: Readonly<Record<PcscError['code'], TransportErrorCode>> = {
  'pcsc-unavailable': 'unsupported',
  'no-such-reader': 'reader-unplugged',
  'no-card': 'no-card',
  'reader-busy': 'permission-denied',
  'card-removed': 'card-removed',
  'reader-removed': 'reader-unplugged',
  'transmit-failed': 'protocol',
};

/** A PcscError as the TransportError the card layer and the CLI understand (the cause keeps the PC/SC detail). */
export function transportErrorOf(e: unknown): unknown {
  if (e instanceof PcscError) return new TransportError(PCSC_TO_TRANSPORT[e.code], e.message, { cause: e });
  return e;
}

export class PcscCardTransport implements CardTransport {
  readonly kind = 'pcsc' as const;
  readonly capabilities: TransportCapabilities;
  private session: PcscCardSession | undefined;
  /** The session ended because the card or the reader went away: every later call fails the same way. */
  private lost: TransportError | undefined;

  constructor(
    private readonly service: PcscService,
    readonly reader: string,
    options: PcscCardTransportOptions = {},
  ) {
    this.capabilities =
      options.extendedLength ?? true
        ? { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 }
        : { extendedLength: false, maxCommandLength: 261, maxResponseLength: 258 };
  }

  /** The ATR of the card in the current session. */
  get atr(): Uint8Array | undefined {
    return this.session?.atr;
  }

  async connect(): Promise<void> {
    await this.disconnect();
    this.lost = undefined;
    try {
      this.session = await this.service.connect(this.reader);
    } catch (e) {
      throw transportErrorOf(e);
    }
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (this.lost) throw new TransportError(this.lost.code, this.lost.message, { cause: this.lost });
    const session = this.session;
    if (!session) throw new TransportError('not-connected', 'transmit() before connect()');
    if (command.length > this.capabilities.maxCommandLength) {
      throw new TransportError('protocol', `Command of ${command.length} bytes exceeds the reader limit`);
    }
    try {
      return await session.transmit(command);
    } catch (e) {
      let error = transportErrorOf(e);
      // A card taken away during a command often fails as "transaction failed"
      // (SCARD_E_NOT_TRANSACTED) before pcscd's status says the card left: look again briefly,
      // so the holder hears "the card left the reader", not a protocol error.
      if (error instanceof TransportError && error.code === 'protocol' && (await this.cardLeft())) {
        error = new TransportError('card-removed', 'The card left the reader during a command', { cause: e });
      }
      if (error instanceof TransportError && (error.code === 'card-removed' || error.code === 'reader-unplugged')) this.lost = error;
      throw error;
    }
  }

  /** Whether PC/SC reports the card gone within `withinMs` (it reports status changes asynchronously). */
  private async cardLeft(withinMs = 1500): Promise<boolean> {
    const end = Date.now() + withinMs;
    for (;;) {
      if (!this.isCardPresent()) return true;
      if (Date.now() >= end) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async disconnect(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.disconnect();
  }

  isCardPresent(): boolean {
    return this.service.readers().find((r) => r.name === this.reader)?.cardPresent ?? false;
  }

  onEvent(listener: CardEventListener): () => void {
    return this.service.onEvent((e) => {
      if (e.reader !== this.reader) return;
      if (e.type === 'card-present') listener({ type: 'card-present' });
      else if (e.type === 'card-removed') listener({ type: 'card-removed' });
      else if (e.type === 'reader-removed') listener({ type: 'reader-removed' });
    });
  }
}
