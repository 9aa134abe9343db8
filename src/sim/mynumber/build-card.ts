import type { CardModel, DedicatedFile } from '../card/card-model';
import { SimulatedCard } from '../card/simulated-card';
import { renderAddressPng, renderMyNumberPng, renderNamePng, renderSecurityCodePng } from '../images/card-face-images';
import type { GlyphSource } from '../images/glyph-source';
import { faceJp2 } from '../assets/faces/faces-data';
import { cardKeyFor, simKey } from '../pki/sim-keys';
import { simCardSigner } from './card-signing';
import { DEFAULT_RETRIES, type CardProfile, type CredentialName } from './card-profile';
import { buildFaceAp, type FaceImages } from './face-ap-files';
import { buildJpkiAp, encodeCommonCardInfo, mintCardCertificates, type JpkiBuildOptions, type JpkiCertificates } from './jpki-ap-files';
import { cardName } from './person-text';
import { AID_BYTES, pinEf } from './sim-common';
import { buildTextAp, type RetryPlan, type TriesSpec } from './text-ap-files';
import { codeBFor, birthDateKeyFor } from './sim-credentials';
import { ALWAYS, type ElementaryFile } from '../card/card-model';

/** Contact ATR of the My Number Card as matched by OpenSC's jpki_atrs (spec §1.1). */
export const MY_NUMBER_CARD_ATR = Uint8Array.of(0x3b, 0xe0, 0x00, 0xff, 0x81, 0x31, 0xfe, 0x45, 0x14);

export interface SimCardAssets {
  /** Glyph outlines for the name and address images (Node: src/node/sim-font.ts). */
  readonly glyphs: GlyphSource;
}

/** A built card: the model the simulator runs, plus what tests need to know about it. */
export interface BuiltCard {
  readonly profile: CardProfile;
  readonly model: CardModel;
  readonly certificates: JpkiCertificates;
  readonly images: FaceImages;
}

function triesPlan(profile: CardProfile): RetryPlan {
  const spec = (name: CredentialName): TriesSpec => {
    const max = profile.retries?.[name] ?? DEFAULT_RETRIES[name];
    const initial = profile.retriesLeft?.[name] ?? max;
    return { max, initial: Math.min(initial, max) };
  };
  return {
    textPin: spec('textPin'),
    authPin: spec('authPin'),
    signPassword: spec('signPassword'),
    jukiPin: spec('jukiPin'),
    codeA: spec('codeA'),
    codeB: spec('codeB'),
    birthDateKey: spec('birthDateKey'),
    codeBValue: codeBFor(profile),
    birthDateKeyValue: birthDateKeyFor(profile),
  };
}

export function renderFaceImages(profile: CardProfile, assets: SimCardAssets): FaceImages {
  return {
    namePng: renderNamePng(cardName(profile.person), assets.glyphs).png,
    addressPng: renderAddressPng(profile.person.address, assets.glyphs).png,
    photoJp2: faceJp2(profile.card.face),
    securityCodePng: renderSecurityCodePng(profile.card.securityCode).png,
    myNumberPng: renderMyNumberPng(profile.person.myNumber).png,
  };
}

/** DFs …0100 and …0401 with their 4-digit PIN key EF 001C (spec §2.7). */
function buildCommonDfs(profile: CardProfile, retries: RetryPlan): DedicatedFile[] {
  const keyRef = new Uint8Array(16).fill(0x00);
  keyRef.set(new TextEncoder().encode(`9${profile.card.municipalityCode}0`));
  const common: ElementaryFile[] = [
    { kind: 'record', fid: 0x01, records: [encodeCommonCardInfo(profile)], read: ALWAYS },
    { kind: 'transparent', fid: 0x02, content: keyRef, read: ALWAYS },
    { kind: 'private-key', fid: 0x19, keyId: cardKeyFor(profile.seed, 'common-auth').id, use: ALWAYS },
    pinEf(0x1c, profile.credentials.jukiPin, retries.jukiPin),
  ];
  const juki: ElementaryFile[] = [
    { kind: 'transparent', fid: 0x02, content: keyRef, read: ALWAYS },
    pinEf(0x1c, profile.credentials.jukiPin, retries.jukiPin),
  ];
  return [
    { name: 'common', aid: AID_BYTES.common, files: common, internalAuthenticateKey: 0x19, signatureSchemes: 'digest-info-only' },
    { name: 'juki', aid: AID_BYTES.juki, files: juki, signatureSchemes: 'digest-info-only' },
  ];
}

/** Build-time knobs used only to make broken or forged cards (forgeries.ts). */
export interface CardBuildOptions {
  readonly jpki?: JpkiBuildOptions;
}

/** Build the complete simulated My Number Card for a profile. Deterministic for a profile. */
export async function buildMyNumberCard(profile: CardProfile, assets: SimCardAssets, options: CardBuildOptions = {}): Promise<BuiltCard> {
  const seed = profile.seed;
  const retries = triesPlan(profile);
  const images = renderFaceImages(profile, assets);
  const jpkiKeys = { signKey: cardKeyFor(seed, 'jpki-sign'), authKey: cardKeyFor(seed, 'jpki-auth') };
  const certificates = await mintCardCertificates(profile, jpkiKeys, options.jpki);
  const dfs: DedicatedFile[] = [
    buildJpkiAp(profile, jpkiKeys, certificates, retries),
    await buildTextAp(profile, { apKey: simKey('cv-ap-text'), cardKey: cardKeyFor(seed, 'text-ap'), smKey: cardKeyFor(seed, 'text-sm') }, retries),
    await buildFaceAp(profile, { apKey: simKey('cv-ap-face'), cardKey: cardKeyFor(seed, 'face-card') }, images, retries),
    ...buildCommonDfs(profile, retries),
  ];
  return { profile, model: { atr: MY_NUMBER_CARD_ATR, dfs, seed }, certificates, images };
}

/** A powered-down simulated card for a built model, with the simulator's signer. */
export function simulatedCardFor(model: CardModel): SimulatedCard {
  return new SimulatedCard(model, simCardSigner);
}
