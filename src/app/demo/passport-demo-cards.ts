/**
 * Demo mode's simulated passports: the five specimen profiles of sim/passport/lds/profiles.ts
 * and every forgery (the LDS/PKI ones of lds/forgeries.ts and the protocol ones of
 * chip/chip-forgeries.ts), each as a demo card with what is printed on its data page (the MRZ
 * key fields, the MRZ lines, the CAN) so the demo fill can type it. The chip itself is built in
 * the browser when the card is first placed (buildSimPassport is deterministic; no Node needed).
 * This module is part of the lazily loaded demo entry, so the simulator stays out of the
 * production first-load bundle.
 */
import { CHIP_FORGERIES } from '../../sim/passport/chip/chip-forgeries';
import { PassportChip } from '../../sim/passport/chip/passport-chip';
import { buildSimPassport } from '../../sim/passport/lds/build-passport';
import { chipConfigFor } from '../../sim/passport/lds/chip-config';
import { PASSPORT_FORGERIES, type PassportForgeryId } from '../../sim/passport/lds/forgeries';
import { buildMrzLines } from '../../sim/passport/lds/mrz-build';
import { PASSPORT_PROFILES } from '../../sim/passport/lds/profiles';
import type { ApduResponder } from '../../transport/apdu-responder';

type Text = { readonly ja: string; readonly en: string };

export interface PassportDemoCard {
  readonly document: 'passport';
  readonly id: string;
  readonly group: 'genuine' | 'broken' | 'forged';
  readonly description: Text;
  readonly profileId: string;
  readonly forgery?: string;
  /** What the data page shows (specimen data): the MRZ key fields, the MRZ lines, the CAN. */
  readonly printed: {
    readonly documentNumber: string;
    readonly birthDate: string;
    readonly expiryDate: string;
    readonly mrzLines: readonly string[];
    /** Printed on PACE passports only (a BAC-only chip cannot use one). */
    readonly can?: string;
  };
}

const PROFILE_TEXT: Readonly<Record<string, Text>> = {
  'utopia-bac': { ja: '旅券（ユートピア国の見本、BACのみ、Type B）', en: 'Passport (Utopia specimen, BAC only, Type B)' },
  'germany-pace-gm': { ja: '旅券（ドイツの見本、PACE、JPEG 2000の顔写真、Type A）', en: 'Passport (German specimen, PACE, JPEG 2000 face, Type A)' },
  'japan-no-address': { ja: '日本国旅券（見本、住所の記載なし、PACE）', en: 'Japanese passport (specimen, no address, PACE)' },
  'utopia-id-pace-im': { ja: 'ICAO形式のIDカード（ユートピア国の見本、PACE-IM、Type B）', en: 'ICAO ID card (Utopia specimen, PACE-IM, Type B)' },
  'utopia-pace-cam': { ja: '旅券（ユートピア国の見本、PACE-CAM、Type A）', en: 'Passport (Utopia specimen, PACE-CAM, Type A)' },
};

const FORGERY_TEXT: Readonly<Record<string, Text & { readonly group: 'broken' | 'forged' }>> = {
  'dg-altered': { group: 'forged', ja: '偽造旅券：署名後に生年月日を書き換え', en: 'Forged passport: birth date changed after signing' },
  'dg-not-in-sod': { group: 'forged', ja: '偽造旅券：署名されていないデータを追加', en: 'Forged passport: data added that the state did not sign' },
  'sod-bad-signature': { group: 'forged', ja: '偽造旅券：発行国の署名が不正', en: "Forged passport: the issuing state's signature is invalid" },
  'sod-unknown-dsc': { group: 'forged', ja: '偽造旅券：発行国の名をかたる署名者', en: 'Forged passport: a signer posing as the issuing state' },
  'dsc-untrusted-csca': { group: 'forged', ja: '偽造旅券：信頼されていない国の認証局が発行', en: 'Forged passport: signed under an untrusted country CA' },
  'dsc-expired': { group: 'broken', ja: '旅券：署名者の証明書が期限切れ', en: "Passport: the signer's certificate has expired" },
  'dsc-revoked': { group: 'forged', ja: '旅券：署名者の証明書が失効済み', en: "Passport: the signer's certificate is revoked" },
  'clone-aa': { group: 'forged', ja: '複製されたICチップ（能動認証の鍵が違う）', en: 'Cloned chip (other Active Authentication key)' },
  'clone-ca': { group: 'forged', ja: '複製されたICチップ（チップ認証の鍵が違う）', en: 'Cloned chip (other Chip Authentication key)' },
  'cloned-chip': { group: 'forged', ja: '複製されたICチップ（データのみ複写）', en: 'Cloned chip (data copied, keys not)' },
  'sm-mac-broken': { group: 'broken', ja: '旅券：通信の保護が壊れている', en: 'Passport: protected messaging broken' },
  'downgrade-plain': { group: 'forged', ja: '旅券：通信の保護を外す攻撃', en: 'Passport: attack that strips the protected messaging' },
  'wrong-mrz': { group: 'broken', ja: '旅券：印字とICチップのMRZが違う（入力は必ず不一致）', en: 'Passport: chip keyed with another MRZ than printed (entry never matches)' },
};

function cardOf(profileId: string, group: PassportDemoCard['group'], description: Text, forgery?: string): PassportDemoCard {
  const p = PASSPORT_PROFILES.find((x) => x.id === profileId);
  if (!p) throw new Error(`no passport profile ${profileId}`);
  return {
    document: 'passport',
    id: forgery ? `passport-${forgery}` : `passport-${profileId}`,
    group,
    description,
    profileId,
    ...(forgery ? { forgery } : {}),
    printed: {
      documentNumber: p.mrz.documentNumber,
      birthDate: p.mrz.birthDate,
      expiryDate: p.mrz.expiryDate,
      mrzLines: buildMrzLines(p.mrz),
      ...(p.access.pace ? { can: p.can } : {}),
    },
  };
}

/** Every demo passport: the five profiles, then the forgeries (on the BAC specimen, as the driver tests use them). */
export function passportDemoCards(): PassportDemoCard[] {
  const genuine = Object.entries(PROFILE_TEXT).map(([id, text]) => cardOf(id, 'genuine', text));
  const forged = Object.entries(FORGERY_TEXT).map(([id, { group, ja, en }]) => {
    const base = PASSPORT_FORGERIES.find((f) => f.id === id)?.baseProfile ?? 'utopia-bac';
    return cardOf(base, group, { ja, en }, id);
  });
  return [...genuine, ...forged];
}

/** The simulated chip of a demo passport (async: the SOD is signed and the keys derived on first use). */
export async function passportDemoChip(card: PassportDemoCard): Promise<PassportChip> {
  const lds = PASSPORT_FORGERIES.find((f) => f.id === card.forgery);
  let config = chipConfigFor(await buildSimPassport(card.profileId, lds ? (lds.id as PassportForgeryId) : undefined));
  const chipForgery = CHIP_FORGERIES.find((f) => f.id === card.forgery);
  if (chipForgery) config = chipForgery.apply(config);
  return new PassportChip(config);
}

/**
 * A card whose chip is still being built: it answers the ATR at once (a contactless card's,
 * PC/SC Part 3) and each command once the chip is ready, replaying a power-on first.
 */
export class PendingChip implements ApduResponder {
  private powered = false;
  constructor(private readonly chip: Promise<ApduResponder>) {
    // The build error surfaces on the first command.
    chip.catch(() => undefined);
  }

  powerOn(): Uint8Array {
    this.powered = false;
    return Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09);
  }

  powerOff(): void {
    this.powered = false;
    void this.chip.then((c) => c.powerOff(), () => undefined);
  }

  async process(command: Uint8Array): Promise<Uint8Array> {
    const chip = await this.chip;
    if (!this.powered) {
      chip.powerOn();
      this.powered = true;
    }
    return chip.process(command);
  }
}
