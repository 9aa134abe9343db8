import {
  TransportError,
  type CardEventListener,
  type CardTransport,
  type TransmitOptions,
  type TransportCapabilities,
  type TransportKind,
} from './card-transport';

const NO_READER_CAPABILITIES: TransportCapabilities = { extendedLength: false, maxCommandLength: 261, maxResponseLength: 258 };

/**
 * The kiosk's one CardTransport, pointing at whichever reader path staff chose (simulated card,
 * RC-S380, CCID, Smart Card API, bridge, native shell). The session engine holds this object
 * for its whole life; switching readers re-points it and tells listeners as a real reader
 * would: the old reader is removed, the new one's card (if any) is present.
 */
export class SwitchableTransport implements CardTransport {
  private current: CardTransport | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly listeners = new Set<CardEventListener>();

  get kind(): TransportKind {
    return this.current?.kind ?? 'simulated';
  }

  get capabilities(): TransportCapabilities {
    return this.current?.capabilities ?? NO_READER_CAPABILITIES;
  }

  /** The transport in use, if any. */
  target(): CardTransport | undefined {
    return this.current;
  }

  /** Point at `next` (or at nothing). The previous transport is disconnected, not closed. */
  use(next: CardTransport | undefined): void {
    if (next === this.current) return;
    const previous = this.current;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.current = next;
    if (previous) {
      void previous.disconnect().catch(() => undefined);
      this.emit('reader-removed');
    }
    if (next) {
      this.unsubscribe = next.onEvent((event) => {
        for (const l of this.listeners) l(event);
      });
      if (next.isCardPresent()) this.emit('card-present');
    }
  }

  isCardPresent(): boolean {
    return this.current?.isCardPresent() ?? false;
  }

  async connect(): Promise<void> {
    return this.require().connect();
  }

  async transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array> {
    return this.require().transmit(command, options);
  }

  async disconnect(): Promise<void> {
    await this.current?.disconnect();
  }

  onEvent(listener: CardEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private require(): CardTransport {
    if (!this.current) throw new TransportError('no-card', 'No reader is selected');
    return this.current;
  }

  private emit(type: 'card-present' | 'reader-removed'): void {
    for (const l of this.listeners) l({ type });
  }
}
