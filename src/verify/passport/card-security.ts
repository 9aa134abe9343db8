/**
 * EF.CardSecurity (TR-03110-3 A.1.2.2; 9303-11 §9.2.x for PACE-CAM): a signed SecurityInfos in
 * the master file that carries the chip-authentication key PACE-CAM relies on. It is verified
 * like an SOD — CMS signature with its embedded DSC, DSC chained to a trusted CSCA — before its
 * keys count as verified (chip-auth.ts).
 */
import { LdsError } from '../../cards/passport/lds/lds-error';
import { parseCardSecurity, type CardSecurity } from '../../cards/passport/lds/sod';
import { validateDsc } from './dsc-chain';
import { verifyCmsSignature } from './sod-signature';
import type { PassportTrustStore } from './trust/passport-trust';

export interface CardSecurityResult {
  readonly verified: boolean;
  readonly detail: string;
  readonly cardSecurity?: CardSecurity;
}

export async function verifyCardSecurity(bytes: Uint8Array, trust: PassportTrustStore, now: Date): Promise<CardSecurityResult> {
  let cardSecurity: CardSecurity;
  try {
    cardSecurity = parseCardSecurity(bytes);
  } catch (e) {
    return { verified: false, detail: e instanceof LdsError ? e.message : 'EF.CardSecurity could not be decoded' };
  }
  const cms = await verifyCmsSignature(cardSecurity.signedData);
  if (!cms.ok) return { verified: false, detail: `EF.CardSecurity signature: ${cms.detail}`, cardSecurity };
  const chain = await validateDsc(cms.signer, trust, now);
  if (chain.check.status !== 'pass') return { verified: false, detail: `EF.CardSecurity signer: ${chain.check.detail ?? chain.check.code}`, cardSecurity };
  return { verified: true, detail: `${cms.scheme}; ${chain.check.detail ?? ''}`, cardSecurity };
}
