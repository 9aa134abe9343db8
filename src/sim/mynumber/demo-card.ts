import type { CardSnapshot } from '../card/card-snapshot';

/** A simulated card offered by demo mode, with what is printed on its face. */
export interface DemoCard {
  readonly id: string;
  readonly description: { readonly ja: string; readonly en: string };
  readonly printed: {
    readonly birthDate: string;
    readonly expiryDate: string;
    /** セキュリティコード printed on the card face (part of 照合番号B). */
    readonly securityCode: string;
    readonly codeBBirthDateForm: 'wareki' | 'western-yy';
  };
  readonly snapshot: CardSnapshot;
}

/** The demo card for a built profile: the card's bytes plus what its face shows. */
export function demoCardFor(profile: import('./card-profile').CardProfile, snapshot: CardSnapshot): DemoCard {
  return {
    id: profile.id,
    description: profile.description,
    printed: {
      birthDate: profile.person.birthDate,
      expiryDate: profile.card.expiryDate,
      securityCode: profile.card.securityCode,
      codeBBirthDateForm: profile.card.codeBBirthDateForm ?? 'wareki',
    },
    snapshot,
  };
}
