import type { CardChannel } from '../../cards/iso7816/card-channel';
import { ResidenceCard } from '../../cards/residence-card/residence-card';
import { ResidenceCardError } from '../../cards/residence-card/residence-card-error';
import type { CardIdentity } from '../../cards/residence-card/records/card-identity';
import type { Detection } from '../document-driver';

/** The variants detection names: generation and kind (the card-type EF, MF/EF02 C1). */
export const RESIDENCE_CARD_VARIANTS = ['gen1-residence-card', 'gen1-special-permanent-resident', 'gen2-residence-card', 'gen2-special-permanent-resident'] as const;
export type ResidenceCardVariant = (typeof RESIDENCE_CARD_VARIANTS)[number];

export function variantOf(identity: Pick<CardIdentity, 'generation' | 'kind'>): ResidenceCardVariant {
  return `gen${identity.generation}-${identity.kind}`;
}

/**
 * A residence card or special permanent resident certificate answers SELECT MF
 * (`00 A4 00 00 02 3F 00`) and lets anyone read MF/EF01 共通データ要素 and MF/EF02 カード種別
 * (在留カード等仕様書 §3.3.3 表3-4 "Free", §4.2.1; the second generation keeps both). Three APDUs,
 * no credential: the card type says 在留カード ('1', '05') or 特別永住者証明書 ('2', '06') and the
 * generation (a 1-byte or 2-byte C1).
 *
 * No match: a status word to any of the three (a My Number Card's MF has no such EFs; a passport
 * refuses them), or files that are not the spec's TLVs. Card types 07/08 are the 特定在留カード,
 * the residence card on a My Number Card (spec 001460712): the My Number Card's driver, probed
 * first, recognises that card, and this driver does not read it.
 */
export async function detectResidenceCard(channel: CardChannel): Promise<Detection> {
  const card = new ResidenceCard(channel.transport, { channel });
  try {
    const identity = await card.detect();
    return { kind: 'match', variant: variantOf(identity) };
  } catch (e) {
    if (e instanceof ResidenceCardError && (e.code === 'rc-not-a-residence-card' || e.code === 'rc-unsupported-card-type' || e.code === 'rc-record-malformed' || e.code === 'rc-read-failed')) {
      return { kind: 'no-match' };
    }
    throw e;
  } finally {
    card.close();
  }
}
