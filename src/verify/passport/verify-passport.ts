/**
 * Everything the verifier says about one passport read, in one call: passive authentication,
 * the data groups' structure, document expiry, Active Authentication, Chip Authentication (or
 * PACE-CAM) and the clone verdict. The card layer supplies what it read and what the chip
 * answered; nothing here talks to a chip. The document seam turns `checks` into the report.
 */
import { parseDg1 } from '../../cards/passport/lds/dg1';
import { parseDg2 } from '../../cards/passport/lds/dg2';
import { parseDg11, parseDg12 } from '../../cards/passport/lds/dg11-dg12';
import { parseDg14, parseDg15, type Dg14, type Dg15 } from '../../cards/passport/lds/dg14-dg15';
import { LdsError } from '../../cards/passport/lds/lds-error';
import type { Mrz } from '../../cards/passport/lds/mrz';
import { checkActiveAuthentication } from './active-auth';
import { verifyCardSecurity } from './card-security';
import { checkChipAuthentication, chipKeysOf, type ChipAuthReport, type VerifiedChipKeys } from './chip-auth';
import { judgeChipGenuineness } from './chip-genuineness';
import { checkDocumentExpiry } from './document-expiry';
import { passiveAuthentication, type PassiveAuthResult } from './passive-auth';
import { ppCheck, type PassportCheck } from './passport-checks';
import type { CscaAnchor, PassportTrustStore } from './trust/passport-trust';

export interface PassportReadInput {
  readonly sod: Uint8Array;
  /** Data groups as read, by number. */
  readonly dataGroups: ReadonlyMap<number, Uint8Array>;
  /** EF.CardSecurity when read (PACE-CAM). */
  readonly cardSecurity?: Uint8Array;
  /** The Active Authentication exchange, when run: the 8-byte challenge and the chip's answer. */
  readonly activeAuthentication?: { readonly challenge: Uint8Array; readonly response: Uint8Array };
  /** What the card layer reports of Chip Authentication / PACE-CAM, when run. */
  readonly chipAuthentication?: ChipAuthReport;
  readonly trust: PassportTrustStore;
  readonly now: Date;
  readonly otherAnchors?: readonly CscaAnchor[];
}

export interface PassportVerification {
  readonly checks: readonly PassportCheck[];
  readonly passiveAuth: PassiveAuthResult;
  /** DG1's MRZ, when DG1 was read and parses. */
  readonly mrz?: Mrz;
}

const PARSERS: Readonly<Record<number, (b: Uint8Array) => unknown>> = { 1: parseDg1, 2: parseDg2, 11: parseDg11, 12: parseDg12, 14: parseDg14, 15: parseDg15 };

export async function verifyPassportRead(input: PassportReadInput): Promise<PassportVerification> {
  const { now } = input;
  const pa = await passiveAuthentication({ sod: input.sod, dataGroups: input.dataGroups, trust: input.trust, now, ...(input.otherAnchors ? { otherAnchors: input.otherAnchors } : {}) });
  const checks: PassportCheck[] = [...pa.checks];

  // Structure of every data group read (PA hashes bytes; this says whether they mean anything).
  const parsed = new Map<number, unknown>();
  const broken: string[] = [];
  for (const [n, bytes] of input.dataGroups) {
    const parse = PARSERS[n];
    if (!parse) continue;
    try {
      parsed.set(n, parse(bytes));
    } catch (e) {
      broken.push(`DG${n}: ${e instanceof LdsError ? e.message : 'not decodable'}`);
    }
  }
  const structureAt = checks.findIndex((c) => c.id === 'pp.lds.structure');
  if (broken.length > 0 && structureAt >= 0 && checks[structureAt]!.status === 'pass') {
    checks[structureAt] = ppCheck('pp.lds.structure', 'fail', 'pp-lds-malformed', broken.join('; '), now);
  }

  const mrz = (parsed.get(1) as { mrz: Mrz } | undefined)?.mrz;
  checks.push(mrz ? checkDocumentExpiry(mrz, now) : ppCheck('pp.document.expiry', 'skipped', 'not-read', 'DG1 not read or not decodable', now));

  const verified = new Set(pa.verifiedDataGroups);
  const dg14 = parsed.get(14) as Dg14 | undefined;
  const dg15 = parsed.get(15) as Dg15 | undefined;

  let aa: PassportCheck;
  if (!dg15) aa = ppCheck('pp.active-auth', 'skipped', input.dataGroups.has(15) ? 'pp-lds-malformed' : 'pp-aa-not-supported', input.dataGroups.has(15) ? 'DG15 is not decodable' : 'no DG15 (Active Authentication key)', now);
  else if (!input.activeAuthentication) aa = ppCheck('pp.active-auth', 'skipped', 'not-read', 'Active Authentication was not run', now);
  else {
    aa = await checkActiveAuthentication({
      publicKey: dg15.publicKey,
      ...(dg14 && verified.has(14) ? { dg14 } : {}),
      challenge: input.activeAuthentication.challenge,
      response: input.activeAuthentication.response,
      keyVerifiedByPassiveAuth: pa.dataVerified && verified.has(15),
      now,
    });
  }
  checks.push(aa);

  let chipKeys: VerifiedChipKeys = chipKeysOf(dg14, pa.dataVerified && verified.has(14));
  if (input.chipAuthentication?.protocol === 'PACE-CAM' && input.cardSecurity) {
    const cs = await verifyCardSecurity(input.cardSecurity, input.trust, now);
    chipKeys = { keys: cs.cardSecurity?.securityInfos.chipAuthenticationPublicKeys ?? [], source: 'EF.CardSecurity', verified: cs.verified };
  }
  const ca = checkChipAuthentication(input.chipAuthentication, chipKeys, now);
  checks.push(ca);
  checks.push(judgeChipGenuineness(pa.dataVerified, aa, ca, now));
  return { checks, passiveAuth: pa, ...(mrz ? { mrz } : {}) };
}
