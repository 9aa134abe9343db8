/**
 * PcscService over an in-process card: `kazasu bridge --sim <profile>` serves the simulated
 * card through the real bridge protocol on machines without pcscd (demos, quick tests). The
 * production path is pcsclite-service.ts; the CI proof goes through real pcscd + vpcd.
 */
import type { ApduResponder } from '../../transport/apdu-responder';
import { PcscError, type PcscCardSession, type PcscEvent, type PcscReaderState, type PcscService } from './pcsc-service';

export const SIMULATED_READER_NAME = 'Kazasu Simulated Reader 00';

export class SimulatedPcscService implements PcscService {
  private readonly listeners = new Set<(e: PcscEvent) => void>();
  private card: ApduResponder | undefined;
  private session: { closed: boolean } | undefined;

  constructor(card?: ApduResponder) {
    this.card = card;
  }

  placeCard(card: ApduResponder): void {
    this.removeCard();
    this.card = card;
    this.emit({ type: 'card-present', reader: SIMULATED_READER_NAME });
  }

  removeCard(): void {
    if (!this.card) return;
    this.card.powerOff();
    this.card = undefined;
    if (this.session) this.session.closed = true;
    this.session = undefined;
    this.emit({ type: 'card-removed', reader: SIMULATED_READER_NAME });
  }

  readers(): readonly PcscReaderState[] {
    return [{ name: SIMULATED_READER_NAME, cardPresent: this.card !== undefined }];
  }

  async settled(): Promise<void> {}

  onEvent(listener: (event: PcscEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: PcscEvent): void {
    for (const l of this.listeners) l(event);
  }

  async connect(reader: string): Promise<PcscCardSession> {
    if (reader !== SIMULATED_READER_NAME) throw new PcscError('no-such-reader', 'No such reader');
    const card = this.card;
    if (!card) throw new PcscError('no-card', 'No card in the reader');
    if (this.session) throw new PcscError('reader-busy', 'The reader is already in use by another session');
    const atr = card.powerOn();
    const session = { closed: false };
    this.session = session;
    return {
      atr,
      transmit: async (apdu) => {
        if (session.closed || this.card !== card) throw new PcscError('card-removed', 'The card was removed');
        const response = await card.process(apdu);
        if (session.closed || this.card !== card) throw new PcscError('card-removed', 'The card was removed');
        return response;
      },
      disconnect: async () => {
        if (session.closed) return;
        session.closed = true;
        // The next connect() powers the card up again (like SCARD_RESET_CARD in pcsclite-service):
        // no security status survives into another session.
        if (this.session === session) this.session = undefined;
      },
    };
  }

  async close(): Promise<void> {
    if (this.session) this.session.closed = true;
    this.session = undefined;
  }
}
