import type { CardSnapshot } from '../card/card-snapshot';
import type { CardProfile } from './card-profile';

/** A simulated card offered by demo mode, with what is printed on its face. */
export interface DemoCard {
  readonly id: string;
  /** genuine: a valid profile; broken: genuine but unusable (locked, expired…); forged: an attack. */
  readonly group: 'genuine' | 'broken' | 'forged';
  readonly description: { readonly ja: string; readonly en: string };
  readonly printed: {
    readonly birthDate: string;
    readonly expiryDate: string;
    /** セキュリティコード printed on the card face (part of 照合番号B). */
    readonly securityCode: string;
    readonly codeBBirthDateForm: 'wareki' | 'western-yy';
  };
  /**
   * What the holder knows (simulator test data only): lets the demo fill the PIN pad for a
   * clerk who does not know the simulated card's secrets. Shown only in demo mode.
   */
  readonly holderKnows: { readonly signPassword: string; readonly authPin: string };
  readonly snapshot: CardSnapshot;
}

/** Demo mode's simulated world: the cards, and what the simulated revocation service lists. */
export interface DemoBundle {
  readonly cards: readonly DemoCard[];
  readonly revokedSerials: readonly string[];
}

/** The demo card for a built profile: the card's bytes plus what its face shows. */
export function demoCardFor(profile: CardProfile, snapshot: CardSnapshot, group: DemoCard['group'], id = profile.id, description = profile.description): DemoCard {
  return {
    id,
    group,
    description,
    printed: {
      birthDate: profile.person.birthDate,
      expiryDate: profile.card.expiryDate,
      securityCode: profile.card.securityCode,
      codeBBirthDateForm: profile.card.codeBBirthDateForm ?? 'wareki',
    },
    holderKnows: { signPassword: profile.credentials.signPassword, authPin: profile.credentials.authPin },
    snapshot,
  };
}
