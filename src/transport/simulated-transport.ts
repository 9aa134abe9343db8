import type { ApduResponder } from './apdu-responder';
import {
  TransportError,
  type CardEvent,
  type CardEventListener,
  type CardTransport,
  type TransportCapabilities,
} from './card-transport';

export interface SimulatedTransportOptions {
  /** Model a reader that passes extended APDUs (default) or one that does not. */
  readonly extendedLength?: boolean;
}

/**
 * CardTransport over an in-process card (the simulated My Number Card). The card can be placed
 * and removed, which raises the same presence events a real reader does; a command sent with no
 * card answers TransportError('card-removed'), exactly as a reader reports a card that left.
 */
export class SimulatedTransport implements CardTransport {
  readonly kind = 'simulated' as const;
  readonly capabilities: TransportCapabilities;
  private readonly listeners = new Set<CardEventListener>();
  private card: ApduResponder | undefined;
  private connected = false;

  constructor(card: ApduResponder | undefined, options: SimulatedTransportOptions = {}) {
    this.card = card;
    const extended = options.extendedLength ?? true;
    this.capabilities = extended
      ? { extendedLength: true, maxCommandLength: 65_544, maxResponseLength: 65_538 }
      : { extendedLength: false, maxCommandLength: 261, maxResponseLength: 258 };
  }

  isCardPresent(): boolean {
    return this.card !== undefined;
  }

  /** Put a card on the reader (demo mode's card picker, tests). */
  placeCard(card: ApduResponder): void {
    this.card = card;
    this.connected = false;
    this.emit({ type: 'card-present' });
  }

  /** Take the card away: any session in progress fails with 'card-removed'. */
  removeCard(): void {
    if (!this.card) return;
    this.card.powerOff();
    this.card = undefined;
    this.connected = false;
    this.emit({ type: 'card-removed' });
  }

  async connect(): Promise<void> {
    if (!this.card) throw new TransportError('no-card', 'No card on the simulated reader');
    this.card.powerOn();
    this.connected = true;
    // A (re)activated card has no selected DF and no security status: tell sessions so.
    this.emit({ type: 'card-activated' });
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    const card = this.card;
    if (!card) throw new TransportError('card-removed', 'The card was removed from the simulated reader');
    if (!this.connected) throw new TransportError('not-connected', 'transmit() before connect()');
    if (command.length > this.capabilities.maxCommandLength) {
      throw new TransportError('protocol', `Command of ${command.length} bytes exceeds the reader limit`);
    }
    const response = await card.process(command);
    // The card may have been removed while it was "processing".
    if (this.card !== card) throw new TransportError('card-removed', 'The card was removed during a command');
    if (response.length > this.capabilities.maxResponseLength) {
      throw new TransportError('protocol', `Response of ${response.length} bytes exceeds the reader limit`);
    }
    return response;
  }

  async disconnect(): Promise<void> {
    this.card?.powerOff();
    this.connected = false;
  }

  onEvent(listener: CardEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: CardEvent): void {
    for (const l of this.listeners) l(event);
  }
}
