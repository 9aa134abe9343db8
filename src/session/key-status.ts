import { MyNumberCard } from '../cards/mynumber/mynumber-card';
import type { RetryStatus } from '../cards/iso7816/pin-guard';
import type { CardTransport } from '../transport/card-transport';
import type { LockedKey } from './kiosk-state';

/**
 * The card's other keys that are locked, read with empty VERIFYs (the counter is reported, no
 * try is used; pin-guard's queryRetries). A verified counter check never needs these keys, yet
 * a holder whose PINs are locked should hear that the municipal office can reset them.
 * Reads only counters: no record, no certificate.
 */
export async function readOtherKeys(transport: CardTransport): Promise<LockedKey[]> {
  await transport.connect();
  const card = new MyNumberCard(transport);
  const locked: LockedKey[] = [];
  const blocked = (s: RetryStatus) => s.kind === 'blocked';
  try {
    if (blocked(await card.text.retries('pin'))) locked.push('text-pin');
    if (blocked(await card.jpki.retries('auth'))) locked.push('auth-pin');
    const availability = await card.jpki.readCertificateAvailability();
    if (availability.hasSignCertificate && blocked(await card.jpki.retries('sign'))) locked.push('sign-password');
  } finally {
    card.close();
  }
  return locked;
}
