import type { AnyDocumentDriver } from '../../documents/document-driver';
import { UnknownDocumentError } from '../../documents/document-errors';
import { CardProbe } from '../../documents/registry';
import type { CardTransport, TransmitOptions } from '../../transport/card-transport';
import type { PurposeId } from '../../verify/report';

/**
 * The document on the reader: the one `--document` named, or the one the registry recognises
 * (SELECT and free reads only; never a VERIFY). Throws UnknownDocumentError when no registered
 * document answers.
 */
export async function documentOnReader(transport: CardTransport, chosen: AnyDocumentDriver | undefined, purpose?: PurposeId): Promise<AnyDocumentDriver> {
  if (chosen) return chosen;
  const probe = new CardProbe(transport);
  try {
    const found = await probe.detect(purpose ? { purpose } : {});
    if (!found) throw new UnknownDocumentError();
    return found.driver;
  } finally {
    probe.close();
  }
}

/** Counts the APDUs that went over the wire (detection included). */
export class CountingTransport implements CardTransport {
  apdus = 0;
  constructor(private readonly inner: CardTransport) {}
  get kind() {
    return this.inner.kind;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  connect() {
    return this.inner.connect();
  }
  disconnect() {
    return this.inner.disconnect();
  }
  isCardPresent() {
    return this.inner.isCardPresent();
  }
  onEvent(listener: Parameters<CardTransport['onEvent']>[0]) {
    return this.inner.onEvent(listener);
  }
  transmit(command: Uint8Array, options?: TransmitOptions) {
    this.apdus++;
    return this.inner.transmit(command, options);
  }
}
