import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestInfoSha256, rsaPkcs1v15SignRaw } from '../../src/sim/pki/rsa-raw';
import { cardKeyFor } from '../../src/sim/pki/sim-keys';
import { jpkiChallengeDigestInfo, verifyJpkiChallenge } from '../../src/verify/jpki/jpki-challenge';
import { authLeaf, hex, signLeaf } from './helpers';

const sha256 = (b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(b).digest());
/** What the card signs for `80 2A 00 80` (built with the simulator's own helper, not the verifier's). */
const cardSign = (seed: string, role: 'jpki-auth' | 'jpki-sign', challenge: Uint8Array): Uint8Array =>
  rsaPkcs1v15SignRaw(cardKeyFor(seed, role), digestInfoSha256(sha256(challenge)));

describe('jpkiChallengeDigestInfo (spec §4.2)', () => {
  it('is the SHA-256 DigestInfo prefix followed by SHA-256(challenge)', async () => {
    const challenge = new Uint8Array(randomBytes(32));
    const di = await jpkiChallengeDigestInfo(challenge);
    expect(di.length).toBe(51);
    expect(hex(di)).toBe('3031300D060960864801650304020105000420' + hex(sha256(challenge)));
  });
});

describe('verifyJpkiChallenge', () => {
  const challenge = new Uint8Array(randomBytes(32));

  it('passes a card signature made with the certificate’s key (auth and sign)', async () => {
    const auth = await verifyJpkiChallenge('auth', await authLeaf(), challenge, cardSign('card-A', 'jpki-auth', challenge));
    expect(auth).toMatchObject({ id: 'jpki.auth.challenge', status: 'pass', code: 'ok' });
    const sign = await verifyJpkiChallenge('sign', await signLeaf(), challenge, cardSign('card-A', 'jpki-sign', challenge));
    expect(sign).toMatchObject({ id: 'jpki.sign.challenge', status: 'pass', code: 'ok' });
  });

  it('fails for another key: the other JPKI key of the same card, or another card', async () => {
    const cert = await authLeaf();
    for (const sig of [cardSign('card-A', 'jpki-sign', challenge), cardSign('card-B', 'jpki-auth', challenge)]) {
      expect(await verifyJpkiChallenge('auth', cert, challenge, sig)).toMatchObject({ status: 'fail', code: 'jpki-challenge-invalid' });
    }
  });

  it('fails for a different challenge (replayed answer) and for a flipped signature bit', async () => {
    const cert = await authLeaf();
    const sig = cardSign('card-A', 'jpki-auth', challenge);
    const other = challenge.slice();
    other[0] ^= 0x80;
    expect((await verifyJpkiChallenge('auth', cert, other, sig)).code).toBe('jpki-challenge-invalid');
    const flipped = sig.slice();
    flipped[100] ^= 0x01;
    expect((await verifyJpkiChallenge('auth', cert, challenge, flipped)).code).toBe('jpki-challenge-invalid');
  });

  it('fails without throwing for signatures of the wrong length or the wrong padding content', async () => {
    const cert = await authLeaf();
    const sig = cardSign('card-A', 'jpki-auth', challenge);
    const wrong = [
      new Uint8Array(0),
      sig.subarray(1),
      new Uint8Array([0, ...sig]),
      new Uint8Array(256).fill(0xff),
      // the bare hash (P1=01 style) and a SHA-1 DigestInfo: not what we asked the card for
      rsaPkcs1v15SignRaw(cardKeyFor('card-A', 'jpki-auth'), sha256(challenge)),
      rsaPkcs1v15SignRaw(
        cardKeyFor('card-A', 'jpki-auth'),
        new Uint8Array([...Buffer.from('3021300906052B0E03021A05000414', 'hex'), ...createHash('sha1').update(challenge).digest()]),
      ),
    ];
    for (const s of wrong) {
      expect(await verifyJpkiChallenge('auth', cert, challenge, s)).toMatchObject({ status: 'fail', code: 'jpki-challenge-invalid' });
    }
  });

  it('fails an empty challenge, and reports an unreadable certificate as jpki-malformed', async () => {
    const sig = cardSign('card-A', 'jpki-auth', new Uint8Array(0));
    expect((await verifyJpkiChallenge('auth', await authLeaf(), new Uint8Array(0), sig)).code).toBe('jpki-challenge-invalid');
    expect(await verifyJpkiChallenge('auth', Uint8Array.of(0x30, 0x00), challenge, sig)).toMatchObject({
      id: 'jpki.auth.challenge',
      status: 'fail',
      code: 'jpki-malformed',
    });
  });
});
