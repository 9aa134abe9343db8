/**
 * What every reader path tells its listeners about the card (CardEvent): whether one is on the
 * reader, that connect() activated it, that the reader itself went away. One instance per
 * transport; 'card-present' / 'card-removed' fire only on a change, so a transport may report
 * what it sees as often as it likes.
 */
import type { CardEvent, CardEventListener } from '../card-transport';
import { ListenerSet } from '../listener-set';

export class CardPresence {
  private readonly listeners = new ListenerSet<CardEvent>();
  private presentValue = false;

  get present(): boolean {
    return this.presentValue;
  }

  onEvent(listener: CardEventListener): () => void {
    return this.listeners.add(listener);
  }

  /** The card is (or is not) on the reader; emits only on a change. */
  set(present: boolean): void {
    if (present === this.presentValue) return;
    this.presentValue = present;
    this.listeners.emit({ type: present ? 'card-present' : 'card-removed' });
  }

  /** connect() powered the card up: no DF is selected and no security status holds. */
  activated(): void {
    this.listeners.emit({ type: 'card-activated' });
  }

  /** The reader went away (and with it any card). */
  readerRemoved(): void {
    this.presentValue = false;
    this.listeners.emit({ type: 'reader-removed' });
  }

  /** Presence is no longer known (the reader stopped looking for cards): nothing is announced. */
  unknown(): void {
    this.presentValue = false;
  }
}
