import type { CardEventListener, CardTransport, TransmitOptions, TransportCapabilities, TransportKind } from './card-transport';

/**
 * A CardTransport that wraps another and forwards everything but `transmit` unchanged: the base
 * of the diagnostics and benchmark decorators (apdu-trace.ts, link-model-transport.ts).
 */
export abstract class ForwardingTransport implements CardTransport {
  constructor(protected readonly inner: CardTransport) {}

  get kind(): TransportKind {
    return this.inner.kind;
  }

  get capabilities(): TransportCapabilities {
    return this.inner.capabilities;
  }

  connect(): Promise<void> {
    return this.inner.connect();
  }

  disconnect(): Promise<void> {
    return this.inner.disconnect();
  }

  isCardPresent(): boolean {
    return this.inner.isCardPresent();
  }

  onEvent(listener: CardEventListener): () => void {
    return this.inner.onEvent(listener);
  }

  abstract transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array>;
}
