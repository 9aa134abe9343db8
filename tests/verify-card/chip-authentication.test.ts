import { CardStatusError } from '../../src/apdu/status-words';
/** Chip authentication (spec §2.9, §3.9 step 3) against the simulated card's 80 2A answers. */
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyNumberCard } from '../../src/cards/mynumber/mynumber-card';
import type { RsaPublicKey } from '../../src/cards/mynumber/records';
import type { BuiltCard } from '../../src/sim/mynumber/build-card';
import { cardKeyFor, simKey } from '../../src/sim/pki/sim-keys';
import { authenticateChip, CHALLENGE_LENGTH, newChallenge, verifyChipAuthentication } from '../../src/verify/card/chip-authentication';
import { verifyCardFace } from '../../src/verify/card/face-records-check';
import { verifyTextRecords } from '../../src/verify/card/text-records-check';
import { buildNamed, nodeSign, openCard, readAllRecords, type CardRecords } from './helpers';

let built: BuiltCard;
let A: CardRecords;
let B: CardRecords;
let mnc: MyNumberCard;
let textKey: RsaPublicKey;
let faceKey: RsaPublicKey;

function material(k: { modulus: Uint8Array; exponent: Uint8Array }) {
  return { modulus: k.modulus, exponent: k.exponent };
}

beforeAll(async () => {
  built = await buildNamed('default');
  A = await readAllRecords(built);
  B = await readAllRecords(await buildNamed('under-15'));
  // Card keys come from VERIFIED records only.
  textKey = (await verifyTextRecords({ integrity: A.integrity, signedKey: A.signedKey, apKey: material(simKey('cv-ap-text')) })).cardKey!;
  faceKey = (await verifyCardFace(A.cardFace, material(simKey('cv-ap-face')))).cardKey!;
  mnc = await openCard(built.model);
});

afterAll(() => mnc.close());

describe('newChallenge', () => {
  it('is 32 random bytes, different every call', () => {
    const a = newChallenge();
    const b = newChallenge();
    expect(a.length).toBe(32);
    expect(CHALLENGE_LENGTH).toBe(32);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

describe('genuine card', () => {
  it('the simulator signs DigestInfo(SHA-256(challenge)) — node:crypto agrees (precondition)', async () => {
    const challenge = newChallenge();
    const sig = await mnc.text.internalAuthenticate(challenge);
    const pub = createPublicKey({ key: cardKeyFor('kazasu-default', 'text-ap').publicJwk as never, format: 'jwk' });
    expect(nodeVerify('sha256', challenge, pub, sig)).toBe(true);
  });

  it('text and face APs pass with the keys from their verified records', async () => {
    const seen = new Set<string>();
    expect(await authenticateChip(mnc.text, 'text.chip-authentication', textKey, seen)).toMatchObject({ id: 'text.chip-authentication', status: 'pass', code: 'ok' });
    expect(await authenticateChip(mnc.face, 'face.chip-authentication', faceKey, seen)).toMatchObject({ id: 'face.chip-authentication', status: 'pass', code: 'ok' });
    expect(seen.size).toBe(2);
  });

  it('sends a fresh 32-byte challenge on every attempt', async () => {
    const sent: Uint8Array[] = [];
    const spy = { internalAuthenticate: (ch: Uint8Array) => (sent.push(ch.slice()), mnc.text.internalAuthenticate(ch)) };
    const seen = new Set<string>();
    expect((await authenticateChip(spy, 'text.chip-authentication', textKey, seen)).status).toBe('pass');
    expect((await authenticateChip(spy, 'text.chip-authentication', textKey, seen)).status).toBe('pass');
    expect(sent.map((c) => c.length)).toEqual([32, 32]);
    expect(Buffer.from(sent[0]!).equals(Buffer.from(sent[1]!))).toBe(false);
  });
});

describe('clones and replays', () => {
  it('an answer for a different challenge → chip-auth-signature-invalid', async () => {
    const asked = newChallenge();
    const answer = await mnc.text.internalAuthenticate(asked);
    const r = await verifyChipAuthentication('text.chip-authentication', { challenge: newChallenge(), signature: answer, cardKey: textKey });
    expect(r).toMatchObject({ status: 'fail', code: 'chip-auth-signature-invalid' });
  });

  it('the same answer twice in a session → chip-auth-replayed', async () => {
    const seen = new Set<string>();
    let recorded: Uint8Array | undefined;
    const recorder = { internalAuthenticate: async (ch: Uint8Array) => (recorded = await mnc.face.internalAuthenticate(ch)) };
    expect((await authenticateChip(recorder, 'face.chip-authentication', faceKey, seen)).status).toBe('pass');
    const replayer = { internalAuthenticate: async () => recorded! };
    expect(await authenticateChip(replayer, 'face.chip-authentication', faceKey, seen)).toMatchObject({ status: 'fail', code: 'chip-auth-replayed' });
    // Without the session's memory it is still caught: the challenge is fresh, so the old answer fails.
    expect(await authenticateChip(replayer, 'face.chip-authentication', faceKey, new Set())).toMatchObject({ status: 'fail', code: 'chip-auth-signature-invalid' });
  });

  it('a correct-looking answer signed by another key → chip-auth-signature-invalid', async () => {
    const clone = { internalAuthenticate: async (ch: Uint8Array) => nodeSign(cardKeyFor('other', 'text-ap'), ch) };
    expect(await authenticateChip(clone, 'text.chip-authentication', textKey)).toMatchObject({ status: 'fail', code: 'chip-auth-signature-invalid' });
    // The face AP's key is not the text AP's key.
    expect(await authenticateChip(mnc.face, 'text.chip-authentication', textKey)).toMatchObject({ status: 'fail', code: 'chip-auth-signature-invalid' });
  });

  it('a genuine chip against a card key from another card\'s EF 0007 → chip-auth-signature-invalid', async () => {
    const other = await verifyTextRecords({ integrity: B.integrity, signedKey: B.signedKey, apKey: material(simKey('cv-ap-text')) });
    expect(other.checks.find((c) => c.id === 'text.signed-key')?.status).toBe('pass'); // genuinely signed…
    expect(await authenticateChip(mnc.text, 'text.chip-authentication', other.cardKey!)).toMatchObject({ status: 'fail', code: 'chip-auth-signature-invalid' });
  });

  it('wrong-length or empty answers fail without throwing', async () => {
    const challenge = newChallenge();
    const sig = await mnc.text.internalAuthenticate(challenge);
    for (const bad of [new Uint8Array(0), sig.subarray(1), Uint8Array.of(...sig, 0)]) {
      expect(await verifyChipAuthentication('text.chip-authentication', { challenge, signature: bad, cardKey: textKey })).toMatchObject({ code: 'chip-auth-signature-invalid' });
    }
  });

  it('a card that refuses the challenge → read-failed; a card that left the reader → thrown, never a check', async () => {
    const refusing = { internalAuthenticate: async () => Promise.reject(new CardStatusError(0x6985, '80 2A 00 00')) };
    const r = await authenticateChip(refusing, 'face.chip-authentication', faceKey);
    expect(r).toMatchObject({ status: 'fail', code: 'read-failed' });
    expect(r.detail).toContain('conditions-not-satisfied');
    // A real removal on the simulated reader is a TransportError the flow must see.
    const card = await openCard(built.model);
    await (card.session.transport as unknown as { removeCard(): void }).removeCard();
    await expect(authenticateChip(card.text, 'text.chip-authentication', textKey)).rejects.toMatchObject({ code: 'card-removed' });
    card.close();
  });
});
