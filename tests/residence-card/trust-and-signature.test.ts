/**
 * Trust anchors and signature forms: the pinned MOJ fingerprints (data with provenance), the
 * operator import (a file matching no pin is refused), trust modes that never mix, and both
 * generation-1 padding forms (the spec's bare hash and the DigestInfo form) under each policy.
 */
import { describe, expect, it } from 'vitest';
import { MOJ_ANCHOR_PINS, validateMojAnchorImport, type MojAnchorPin } from '../../src/verify/residence-card/moj-anchors';
import { rcSimCa } from '../../src/sim/residence-card/pki/rc-sim-hierarchy';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { toPem } from '../../src/sim/pki/pem';
import { checkOf, readAndVerify } from './flow';
import { buildProfile, builtProfile } from './rc-helpers';

/** updates-2026-12.md §1.3, as recorded by eringoio/zairyu-card-reader docs/specs/moj. */
const REFERENCE_FINGERPRINTS: Record<string, string> = {
  'moj-gen1-2015': '97F37C5967AF5F3CD84E6ED694B09539ABB7F8E7E76B6F7496A060008982983D',
  'moj-gen1-2018': 'FF02323CEA7B8C3DFC0DC2DE79D46E78514AF587368523086B188E9690AEC861',
  'moj-gen1-2021': '6F50161AA80F7FF7C630505FAF472906F7B101D5083E327A6182C82CD7985E67',
  'moj-gen1-2024': 'BF854466ED9ABF61F559C39BF8790546F8ACDAB99B51FD2330563669CE4A71B2',
  'moj-gen2-2026': '11E6AD8B8E64F0CDB1D8BA9E3689926C80E8479A2F098616F674A23582BEC13B',
  'moj-gen2-test-2026': '1846B815D31F04FE93D57450A6D8A8C351EAC3D8C444A2375D95734DF7DD1057',
};

async function sha256Hex(b: Uint8Array): Promise<string> {
  return Buffer.from(await crypto.subtle.digest('SHA-256', b.slice())).toString('hex').toUpperCase();
}

describe('pinned MOJ anchors (data/moj-anchors.json)', () => {
  it('holds exactly the reference fingerprints, each with generation, mode and moj.go.jp sources', () => {
    expect(Object.fromEntries(MOJ_ANCHOR_PINS.map((p) => [p.id, p.sha256]))).toEqual(REFERENCE_FINGERPRINTS);
    for (const p of MOJ_ANCHOR_PINS) {
      expect(p.sha256).toMatch(/^[0-9A-F]{64}$/);
      expect(p.files.length).toBeGreaterThan(0);
      for (const f of p.files) expect(f).toMatch(/^https:\/\/www\.moj\.go\.jp\/isa\/content\/\d+\.(crt|zip)$/);
    }
    expect(MOJ_ANCHOR_PINS.filter((p) => p.mode === 'test').map((p) => p.id)).toEqual(['moj-gen2-test-2026']);
    expect(new Set(MOJ_ANCHOR_PINS.map((p) => p.sha256)).size).toBe(MOJ_ANCHOR_PINS.length);
  });

  it('refuses an import whose fingerprint is not pinned (the simulator CA, DER or PEM)', async () => {
    const ca = await rcSimCa(1);
    await expect(validateMojAnchorImport(ca.certificate)).rejects.toMatchObject({ code: 'rc-anchor-unknown-fingerprint' });
    await expect(validateMojAnchorImport(new TextEncoder().encode(toPem(ca.certificate)))).rejects.toMatchObject({ code: 'rc-anchor-unknown-fingerprint' });
    await expect(validateMojAnchorImport(Uint8Array.of(1, 2, 3))).rejects.toMatchObject({ code: 'rc-anchor-not-a-certificate' });
  });

  it('accepts a file whose SHA-256 is pinned, in the pin’s hierarchy (production or test)', async () => {
    const ca = await rcSimCa(2);
    const sha = await sha256Hex(ca.certificate);
    const pins: MojAnchorPin[] = [{ id: 'test-pin', name: 'pinned for the test', generation: 2, mode: 'test', algorithm: 'P-384', validity: '-', sha256: sha, files: [] }];
    const { anchor, pin } = await validateMojAnchorImport(ca.certificate, { pins });
    expect(pin.id).toBe('test-pin');
    expect(anchor).toMatchObject({ generation: 2, hierarchy: 'test', sha256: sha });
  });
});

describe('trust modes never mix', () => {
  it('a simulated card does not verify in production mode (no MOJ anchor imported)', async () => {
    const b = await builtProfile('rc2-adult');
    const { verification } = await readAndVerify(new SimulatedResidenceCard(b.model), b.profile.cardNumber, { mode: 'production' });
    expect(verification.outcome).toBe('failed');
    expect(checkOf(verification, 'rc.certificate-chain')).toMatchObject({ status: 'fail', code: 'rc-anchor-other-mode' });
  });

  it('a card chaining to an anchor imported for test mode passes there and fails in production and simulator modes', async () => {
    const b = await builtProfile('rc1-adult');
    const ca = await rcSimCa(1);
    const sha = await sha256Hex(ca.certificate);
    const { anchor } = await validateMojAnchorImport(ca.certificate, { pins: [{ id: 'p', name: 'as MOJ test CA', generation: 1, mode: 'test', algorithm: 'RSA', validity: '-', sha256: sha, files: [] }] });
    const test = await readAndVerify(new SimulatedResidenceCard(b.model), b.profile.cardNumber, { mode: 'jpki-test', imported: [anchor] });
    expect(test.verification.outcome).toBe('verified');
    expect(test.verification.anchors).toEqual([expect.objectContaining({ hierarchy: 'test' })]);
    const prod = await readAndVerify(new SimulatedResidenceCard(b.model), b.profile.cardNumber, { mode: 'production', imported: [anchor] });
    expect(checkOf(prod.verification, 'rc.certificate-chain')).toMatchObject({ status: 'fail', code: 'rc-anchor-other-mode' });
  });

  it('a generation-2 CA never anchors a generation-1 card', async () => {
    const b = await builtProfile('rc1-adult');
    const ca2 = await rcSimCa(2);
    const sha = await sha256Hex(ca2.certificate);
    const { anchor } = await validateMojAnchorImport(ca2.certificate, { pins: [{ id: 'p2', name: 'gen 2', generation: 2, mode: 'production', algorithm: 'P-384', validity: '-', sha256: sha, files: [] }] });
    const { verification } = await readAndVerify(new SimulatedResidenceCard(b.model), b.profile.cardNumber, { mode: 'production', imported: [anchor] });
    expect(checkOf(verification, 'rc.certificate-chain')?.status).toBe('fail');
  });
});

describe('generation-1 check code: the padding variant is explicit and configurable', () => {
  it("a card signed the spec's way (bare SHA-256) verifies by default and under 'bare-sha256' only; refused under 'digest-info-sha256' only", async () => {
    const b = await builtProfile('rc1-adult');
    const run = (accepted: ('bare-sha256' | 'digest-info-sha256')[]) => readAndVerify(new SimulatedResidenceCard(b.model), b.profile.cardNumber, { policy: { gen1AcceptedPadding: accepted } });
    expect(checkOf((await readAndVerify(new SimulatedResidenceCard(b.model), b.profile.cardNumber)).verification, 'rc.signature')).toMatchObject({ status: 'pass', detail: expect.stringContaining('bare-sha256') });
    expect(checkOf((await run(['bare-sha256'])).verification, 'rc.signature')?.status).toBe('pass');
    expect(checkOf((await run(['digest-info-sha256'])).verification, 'rc.signature')).toMatchObject({ status: 'fail', code: 'rc-signature-padding-refused' });
    expect((await run(['bare-sha256'])).verification.evidence.signatureVariant).toBe('bare-sha256');
  });

  it('a card signed with the DigestInfo form verifies by default and is refused when only the bare form is accepted', async () => {
    const p = namedRcProfile('rc1-adult')!;
    const b = await buildProfile({ ...p, signature: { ...p.signature, padding: 'digest-info-sha256' } });
    const def = await readAndVerify(new SimulatedResidenceCard(b.model), p.cardNumber);
    expect(checkOf(def.verification, 'rc.signature')).toMatchObject({ status: 'pass', detail: expect.stringContaining('digest-info-sha256') });
    const strict = await readAndVerify(new SimulatedResidenceCard(b.model), p.cardNumber, { policy: { gen1AcceptedPadding: ['bare-sha256'] } });
    expect(checkOf(strict.verification, 'rc.signature')).toMatchObject({ status: 'fail', code: 'rc-signature-padding-refused' });
    expect(strict.verification.outcome).toBe('failed');
  });

  it('generation 2 accepts r ‖ s and DER by default; each can be refused', async () => {
    const raw = await builtProfile('rc2-adult');
    const der = await builtProfile('rc2-long-name');
    expect(checkOf((await readAndVerify(new SimulatedResidenceCard(raw.model), raw.profile.cardNumber, { policy: { gen2AcceptedEncoding: ['der'] } })).verification, 'rc.signature')).toMatchObject({ status: 'fail', code: 'rc-signature-malformed' });
    expect(checkOf((await readAndVerify(new SimulatedResidenceCard(der.model), der.profile.cardNumber, { policy: { gen2AcceptedEncoding: ['raw'] } })).verification, 'rc.signature')).toMatchObject({ status: 'fail', code: 'rc-signature-malformed' });
  });
});
