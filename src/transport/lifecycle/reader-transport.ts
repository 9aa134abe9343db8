/**
 * What every reader path's transport (RC-S380, RC-S300, CCID, Smart Card API, native shell)
 * offers listeners: card events from one CardPresence, and reader events (attach, loss) of the
 * path's own shape for the UI's reader status line. A path without reader events (the native
 * shell: the phone is the reader) leaves `E` as never.
 */
import type { CardEventListener } from '../card-transport';
import { ListenerSet } from '../listener-set';
import { CardPresence } from './card-presence';

export abstract class ReaderTransport<E = never> {
  protected readonly presence = new CardPresence();
  protected readonly readerEvents = new ListenerSet<E>();

  isCardPresent(): boolean {
    return this.presence.present;
  }

  onEvent(listener: CardEventListener): () => void {
    return this.presence.onEvent(listener);
  }

  /** Reader attach / loss (and the path's other reader news). */
  onReaderEvent(listener: (event: E) => void): () => void {
    return this.readerEvents.add(listener);
  }
}
