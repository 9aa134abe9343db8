/**
 * The card in a host-ISO-DEP reader's field, Type A or Type B: polls for both and hands the
 * session to whichever answered (ISO/IEC 14443-3 lets a reader look for A and B in turn; a
 * passport may be either, the Japanese cards are B).
 *
 *   activate(): the technology found last (B at first) is tried first; 'no-card' there → the
 *               other one. Each technology restarts the field itself, so a card of the other
 *               kind starts from IDLE.
 *   sense():    SENSB_REQ, then WUPA/HLTA (in the same order).
 *
 * Switching technology changes the reader's RF settings under the other link, so that link is
 * told to set them again (`invalidate`).
 */
import { TransportError } from '../card-transport';
import type { TypeATarget } from './type-a-activation';
import { TypeACardLink, type TypeACardLinkOptions, type TypeAFrontEnd } from './type-a-card-link';
import type { TypeBTarget } from './type-b-activation';
import type { TypeBBitRate } from './type-b-bit-rate';
import { TypeBCardLink, type TypeBCardLinkOptions, type TypeBFrontEnd } from './type-b-card-link';

export type RfTechnology = 'A' | 'B';

/** A reader that can run both technologies. */
export type RfFrontEnd = TypeBFrontEnd & TypeAFrontEnd;

export interface RfCardLinkOptions extends TypeBCardLinkOptions, Omit<TypeACardLinkOptions, keyof TypeBCardLinkOptions> {
  /** Technologies to poll for (default both, B first). */
  readonly technologies?: readonly RfTechnology[];
}

export class RfCardLink {
  readonly typeA: TypeACardLink;
  readonly typeB: TypeBCardLink;
  private order: RfTechnology[];
  private current: RfTechnology | undefined;
  private lastUsed: RfTechnology | undefined;

  constructor(front: RfFrontEnd, options: RfCardLinkOptions) {
    this.typeB = new TypeBCardLink(front, options);
    this.typeA = new TypeACardLink(front, options);
    const wanted = options.technologies ?? ['B', 'A'];
    if (wanted.length === 0) throw new TransportError('unsupported', 'No RF technology to poll for');
    this.order = [...new Set(wanted)];
  }

  /** The technology of the open session (undefined when none). */
  get technology(): RfTechnology | undefined {
    return this.current !== undefined && this.link(this.current).active ? this.current : undefined;
  }

  get active(): boolean {
    return this.technology !== undefined;
  }

  get bitRate(): TypeBBitRate {
    const t = this.technology;
    return t ? this.link(t).bitRate : 106;
  }

  get typeBTarget(): TypeBTarget | undefined {
    return this.technology === 'B' ? this.typeB.target : undefined;
  }

  get typeATarget(): TypeATarget | undefined {
    return this.technology === 'A' ? this.typeA.target : undefined;
  }

  /** Activate a card of either technology; `found` hears of it as soon as it is known to speak ISO-DEP. */
  async activate(found?: () => void): Promise<RfTechnology> {
    await this.closeSession();
    let lastNoCard: TransportError | undefined;
    for (const technology of [...this.order]) {
      this.use(technology);
      try {
        if (technology === 'A') await this.typeA.activate(() => found?.());
        else await this.typeB.activate(() => found?.());
      } catch (e) {
        if (e instanceof TransportError && e.code === 'no-card') {
          lastNoCard = e;
          continue;
        }
        throw e;
      }
      this.current = technology;
      // Look for this technology first next time: the same card is the likeliest.
      this.order = [technology, ...this.order.filter((t) => t !== technology)];
      return technology;
    }
    throw lastNoCard ?? new TransportError('no-card', 'No card answered');
  }

  /** Is a card of either technology in the field? (between sessions) */
  async sense(): Promise<boolean> {
    for (const technology of this.order) {
      this.use(technology);
      const there = technology === 'A' ? await this.typeA.sense() : (await this.typeB.sense()) !== undefined;
      if (there) return true;
    }
    return false;
  }

  transceive(apdu: Uint8Array): Promise<Uint8Array> {
    const t = this.technology;
    if (!t) return Promise.reject(new TransportError('not-connected', 'No card session'));
    return this.link(t).transceive(apdu);
  }

  checkPresence(): Promise<boolean> {
    const t = this.technology;
    return t ? this.link(t).checkPresence() : Promise.resolve(false);
  }

  /** S(DESELECT) of the open session, then field off. */
  async deselect(): Promise<void> {
    const t = this.current;
    this.current = undefined;
    if (t) await this.link(t).deselect();
    else await this.typeB.fieldOff();
  }

  forget(): void {
    this.typeA.forget();
    this.typeB.forget();
    this.current = undefined;
  }

  // ------------------------------------------------------------------ internals

  private link(t: RfTechnology): TypeACardLink | TypeBCardLink {
    return t === 'A' ? this.typeA : this.typeB;
  }

  /** About to drive `technology`: the other link's idea of the reader's settings is stale. */
  private use(technology: RfTechnology): void {
    if (this.lastUsed !== undefined && this.lastUsed !== technology) this.link(this.lastUsed).invalidate();
    this.lastUsed = technology;
  }

  private async closeSession(): Promise<void> {
    const t = this.technology;
    // The link tried first deselects its own session as it activates.
    if (!t || t === this.order[0]) return;
    await this.link(t).deselect().catch(() => undefined);
    this.forget();
  }
}
