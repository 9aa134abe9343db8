import type { CardChannel } from '../../cards/iso7816/card-channel';
import type { RetryStatus } from '../../cards/iso7816/pin-guard';
import { MyNumberCard } from '../../cards/mynumber/mynumber-card';
import type { TriesByCredential } from '../document-driver';
import type { MyNumberCredential } from './mynumber-credentials';

/**
 * Tries left per credential, each read with an empty VERIFY (no try used, spec §2.2), on the
 * channel the kiosk detected the card with.
 */
export async function readMyNumberTries(channel: CardChannel, needed: readonly MyNumberCredential[]): Promise<TriesByCredential<MyNumberCredential>> {
  const card = new MyNumberCard(channel.transport, { channel });
  const tries: TriesByCredential<MyNumberCredential> = {};
  try {
    for (const kind of needed) {
      if (kind === 'codeB') tries.codeB = worst(await card.text.retries('codeB'), await card.face.retries('codeB'));
      if (kind === 'birthDateKey') tries.birthDateKey = await card.face.retries('birthDate');
      if (kind === 'signPassword') {
        const availability = await card.jpki.readCertificateAvailability();
        // No sign certificate (e.g. under 15): the verification reports it; no key to count.
        if (availability.hasSignCertificate) tries.signPassword = await card.jpki.retries('sign');
      }
      if (kind === 'authPin') tries.authPin = await card.jpki.retries('auth');
    }
  } finally {
    card.close();
  }
  return tries;
}

/** The smaller of two counters (照合番号B opens two APs, each with its own counter). */
function worst(a: RetryStatus, b: RetryStatus): RetryStatus {
  if (a.kind === 'blocked' || b.kind === 'blocked') return { kind: 'blocked' };
  if (a.kind === 'tries-left' && b.kind === 'tries-left') return a.left <= b.left ? a : b;
  return a.kind === 'tries-left' ? a : b;
}
