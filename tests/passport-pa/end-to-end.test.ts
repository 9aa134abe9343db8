/**
 * End to end through the real card library: each simulated specimen passport (signed LDS from
 * sim/passport/lds) served by the simulated chip (sim/passport/chip) over SimulatedTransport,
 * read by PassportCard (BAC or PACE GM/IM/CAM, secure messaging, chunked reads), Active and Chip
 * Authentication run by the card library, then everything handed to verifyPassportRead.
 */
import { describe, expect, it } from 'vitest';
import { CardChannel } from '../../src/cards/iso7816/card-channel';
import { mrzKeyFromFields } from '../../src/cards/passport/mrz-key';
import { canKey } from '../../src/cards/passport/can';
import { chooseChipAuthentication } from '../../src/cards/passport/chip-authentication';
import { dg14SecurityInfos, PassportCard } from '../../src/cards/passport/passport-card';
import type { LdsFileName } from '../../src/cards/passport/lds-files';
import { dataGroupForTag, parseCardSecurity, parseEfCom } from '../../src/cards/passport/lds';
import { PassportChip } from '../../src/sim/passport/chip/passport-chip';
import { buildSimPassport } from '../../src/sim/passport/lds/build-passport';
import { chipConfigFor } from '../../src/sim/passport/lds/chip-config';
import type { PassportForgeryId } from '../../src/sim/passport/lds/forgeries';
import { simulatorPassportCscas } from '../../src/sim/passport/pki/sim-passport-trust';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import type { ChipAuthReport } from '../../src/verify/passport/chip-auth';
import { createPassportTrustStore } from '../../src/verify/passport/trust/passport-trust';
import { verifyPassportRead, type PassportVerification } from '../../src/verify/passport/verify-passport';
import { randomBytes } from './chip-stand-in';

const NOW = new Date('2026-07-01T00:00:00Z');

async function readAndVerify(profileId: string, opts: { forgery?: PassportForgeryId; useCan?: boolean } = {}): Promise<{ v: PassportVerification; method: string }> {
  const pp = await buildSimPassport(profileId, opts.forgery);
  const chip = new PassportChip(chipConfigFor(pp));
  const transport = new SimulatedTransport(chip, { extendedLength: true });
  await transport.connect();
  const card = new PassportCard(new CardChannel(transport), { random: randomBytes(`e2e/${profileId}`) });
  const m = pp.profile.mrz;
  const access = await card.authenticate(opts.useCan ? canKey(pp.can) : mrzKeyFromFields({ documentNumber: m.documentNumber, birthDate: m.birthDate, expiryDate: m.expiryDate }));
  const com = parseEfCom(await card.readFile('EF.COM'));
  const dataGroups = new Map<number, Uint8Array>();
  for (const n of com.dataGroups) dataGroups.set(n, await card.readFile(`DG${n}` as LdsFileName));
  const sod = await card.readFile('EF.SOD');

  let activeAuthentication: { challenge: Uint8Array; response: Uint8Array } | undefined;
  if (dataGroups.has(15)) {
    const r = await card.activeAuthenticate();
    activeAuthentication = { challenge: r.nonce, response: r.signature };
  }
  let chipAuthentication: ChipAuthReport | undefined;
  let cardSecurity: Uint8Array | undefined;
  if (access.cam) {
    cardSecurity = await card.readCardSecurity();
    const keys = parseCardSecurity(cardSecurity).securityInfos.chipAuthenticationPublicKeys;
    const key = keys.find((k) => k.keyId === access.cam!.keyId) ?? keys[0]!;
    chipAuthentication = { protocol: 'PACE-CAM', chipStaticPublicKey: key.publicKey.kind === 'ec' ? key.publicKey.point : new Uint8Array(0), caIc: access.cam.chipAuthenticationData, mappingPublicKey: access.cam.chipMappingKey };
  } else if (dataGroups.has(14) && pp.chipKeys.ca) {
    const infos = dg14SecurityInfos(dataGroups.get(14)!);
    const choice = chooseChipAuthentication(infos);
    const base = { protocol: 'CA' as const, protocolOid: choice.info.protocol, ...(choice.key.keyId !== undefined ? { keyId: choice.key.keyId } : {}), chipPublicKey: choice.key.publicKey };
    try {
      await card.chipAuthenticate(infos);
      chipAuthentication = { ...base, secureMessagingVerified: true };
    } catch (e) {
      chipAuthentication = { ...base, secureMessagingVerified: false, failure: `${(e as { code?: string }).code}: ${(e as Error).message}` };
    }
  }
  const trust = createPassportTrustStore('simulator', { simulator: await simulatorPassportCscas() });
  const v = await verifyPassportRead({ sod, dataGroups, trust, now: NOW, ...(activeAuthentication ? { activeAuthentication } : {}), ...(chipAuthentication ? { chipAuthentication } : {}), ...(cardSecurity ? { cardSecurity } : {}) });
  expect([...dataGroups.keys()].every((n) => dataGroupForTag(dataGroups.get(n)![0]!) === n)).toBe(true);
  return { v, method: access.method };
}

const status = (v: PassportVerification, id: string) => v.checks.find((c) => c.id === id);

describe('specimen passports read by the card library from the simulated chip, then verified', () => {
  it.each([
    { id: 'utopia-bac', method: 'bac', aa: 'pass', ca: 'pass' },
    { id: 'germany-pace-gm', method: 'pace', aa: 'pass', ca: 'pass' },
    { id: 'japan-no-address', method: 'pace', aa: 'pass', ca: 'skipped' },
    { id: 'utopia-id-pace-im', method: 'pace', aa: 'skipped', ca: 'skipped' },
    { id: 'utopia-pace-cam', method: 'pace', aa: 'pass', ca: 'pass' },
  ])('$id ($method): data, chip and expiry verified', async ({ id, method, aa, ca }) => {
    const { v, method: used } = await readAndVerify(id);
    expect(used).toBe(method);
    expect(v.passiveAuth.dataVerified, JSON.stringify(v.checks.filter((c) => c.status === 'fail'))).toBe(true);
    expect(status(v, 'pp.active-auth')!.status, status(v, 'pp.active-auth')!.detail).toBe(aa);
    expect(status(v, 'pp.chip-auth')!.status, status(v, 'pp.chip-auth')!.detail).toBe(ca);
    expect(status(v, 'pp.chip.genuine')!.status).toBe(aa === 'pass' || ca === 'pass' ? 'pass' : 'warn');
    expect(status(v, 'pp.document.expiry')!.status).toBe('pass');
  });

  it('PACE with the CAN reads the same verified data', async () => {
    const { v, method } = await readAndVerify('germany-pace-gm', { useCan: true });
    expect(method).toBe('pace');
    expect(v.passiveAuth.dataVerified).toBe(true);
  });

  it('cloned chips (right data, other AA / CA keys) are reported as clones', async () => {
    const aa = await readAndVerify('utopia-bac', { forgery: 'clone-aa' });
    expect(aa.v.passiveAuth.dataVerified).toBe(true);
    expect(status(aa.v, 'pp.active-auth')!.code).toBe('pp-aa-signature-invalid');
    expect(status(aa.v, 'pp.chip.genuine')!.code).toBe('pp-chip-clone');
    const ca = await readAndVerify('utopia-bac', { forgery: 'clone-ca' });
    expect(status(ca.v, 'pp.chip-auth')!.code).toBe('pp-ca-failed');
    expect(status(ca.v, 'pp.chip.genuine')!.code).toBe('pp-chip-clone');
  });

  it('an altered data group read through secure messaging is still caught by its hash', async () => {
    const { v } = await readAndVerify('utopia-bac', { forgery: 'dg-altered' });
    expect(status(v, 'pp.passive-auth.dg-hashes')!.code).toBe('pp-dg-hash-mismatch');
    expect(status(v, 'pp.chip.genuine')!.code).toBe('pp-chip-data-unverified');
  });
});
