import { KazasuError } from '../../errors/kazasu-error';
import type { MyNumberSession } from './mynumber-session';
import { sha256DigestInfo } from './digest-info';

export class ChallengeError extends KazasuError {
  readonly code = 'challenge-invalid' as const;
}

/**
 * The 券面 APs' "internal authentication" (spec §2.9): `80 2A 00 00 Lc DigestInfo(SHA-256(challenge)) 00`.
 * No credential is needed; the answer is a 256-byte PKCS#1 v1.5 signature by the AP's card key,
 * which the verifier checks against the key inside the signed records (spec §3.9 step 3).
 */
export async function apInternalAuthenticate(
  session: MyNumberSession,
  app: 'text' | 'face',
  challenge: Uint8Array,
): Promise<Uint8Array> {
  if (challenge.length < 8 || challenge.length > 256) {
    throw new ChallengeError(`challenge must be 8–256 bytes, got ${challenge.length}`);
  }
  await session.select(app);
  const data = await sha256DigestInfo(challenge);
  return session.channel.sendOk({ cla: 0x80, ins: 0x2a, p1: 0x00, p2: 0x00, data, le: 256 });
}
