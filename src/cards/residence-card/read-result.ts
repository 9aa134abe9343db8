/**
 * What a full read of a residence card yields, parsed, per generation. Values the signature
 * covers stay byte-exact (fixed lengths, 00 padding kept). Nothing here is verified yet: the
 * verifier (verify/residence-card) decides what is signed, trusted and current.
 */
import { ResidenceCardError } from './residence-card-error';
import type { ResidenceFileId } from './file-layout';
import type { CardIdentity } from './records/card-identity';
import type { CardText } from './records/card-text';
import {
  parseGen1Address,
  parseGen1Face,
  parseGen1FrontImage,
  parseGen1PermissionText,
  parseGen1RenewalApplication,
  parseGen1SignatureFile,
  type Gen1Address,
  type Gen1SignatureFile,
} from './records/gen1-records';
import {
  parseGen2AddressImage,
  parseGen2CardNumber,
  parseGen2NameAndFace,
  parseGen2Other,
  parseGen2Permissions,
  parseGen2RenewalApplication,
  parseGen2SignatureFile,
  parsePrintedEntries,
  type Gen2Other,
  type Gen2Permissions,
  type Gen2SignatureFile,
  type PrintedEntries,
} from './records/gen2-records';

/** What ResidenceCard.readAll read: every file, or only the signed ones and the gen-2 card number. */
export type ReadScope = 'all' | 'signed';

export interface Gen1Read {
  readonly generation: 1;
  readonly identity: CardIdentity;
  readonly scope: ReadScope;
  /** D0 value, 7000 bytes: TIFF (CCITT G4) + 00 padding. Signed. */
  readonly frontImage: Uint8Array;
  /** D1 value, 3000 bytes: JPEG 2000 + 00 padding; absent on under-16 cards. Signed. */
  readonly face?: Uint8Array;
  /** DF2 (not signed); absent when only the signed files were read. */
  readonly address?: Gen1Address;
  readonly comprehensivePermission?: CardText;
  readonly individualPermission?: CardText;
  readonly renewalApplication?: boolean;
  /** Whether the residence-card-only DF2 files exist on this card (card-type consistency). */
  readonly residenceOnlyFilesPresent: boolean;
  readonly signature: Gen1SignatureFile;
}

export interface Gen2Read {
  readonly generation: 2;
  readonly identity: CardIdentity;
  readonly scope: ReadScope;
  /** DF1/EF01 C2 (not covered by the signature, UNCONFIRMED). */
  readonly cardNumber: string;
  /** DF1/EF02, signed. */
  readonly printed: PrintedEntries;
  /** D0 value, 2500 bytes: TIFF (G4) of the name. Signed. */
  readonly nameImage: Uint8Array;
  /** D1 value, 3000 bytes: JPEG 2000. Signed. */
  readonly face?: Uint8Array;
  /** DF D1 value, 2500 bytes: TIFF (G4) of the 住居地 (not signed); absent when only the signed files were read. */
  readonly addressImage?: Uint8Array;
  readonly permissions?: Gen2Permissions;
  readonly renewalApplication?: boolean;
  /** DF2/EF03 (not signed); absent when only the signed files were read. */
  readonly other?: Gen2Other;
  readonly residenceOnlyFilesPresent: boolean;
  readonly signature: Gen2SignatureFile;
}

export type ResidenceCardRead = Gen1Read | Gen2Read;

function need(files: ReadonlyMap<ResidenceFileId, Uint8Array>, id: ResidenceFileId): Uint8Array {
  const f = files.get(id);
  if (!f) throw new ResidenceCardError('rc-read-failed', `file ${id} was not read`);
  return f;
}

export function parseResidenceRead(identity: CardIdentity, files: ReadonlyMap<ResidenceFileId, Uint8Array>, scope: ReadScope = 'all'): ResidenceCardRead {
  const all = scope === 'all';
  if (identity.generation === 1) {
    const comprehensive = files.get('comprehensivePermission');
    const individual = files.get('individualPermission');
    const renewal = files.get('renewalApplication');
    const face = parseGen1Face(need(files, 'face'));
    const cp = comprehensive ? parseGen1PermissionText(comprehensive, 0xd5) : undefined;
    const ip = individual ? parseGen1PermissionText(individual, 0xd6) : undefined;
    return {
      generation: 1,
      identity,
      scope,
      frontImage: parseGen1FrontImage(need(files, 'frontImage')),
      ...(face ? { face } : {}),
      ...(all ? { address: parseGen1Address(need(files, 'address')) } : {}),
      ...(cp ? { comprehensivePermission: cp } : {}),
      ...(ip ? { individualPermission: ip } : {}),
      ...(renewal ? { renewalApplication: parseGen1RenewalApplication(renewal) } : {}),
      residenceOnlyFilesPresent: comprehensive !== undefined,
      signature: parseGen1SignatureFile(need(files, 'signature')),
    };
  }
  const permissions = files.get('permissions');
  const renewal = files.get('renewalApplication');
  const { nameImage, face } = parseGen2NameAndFace(need(files, 'nameAndFace'));
  return {
    generation: 2,
    identity,
    scope,
    cardNumber: parseGen2CardNumber(need(files, 'cardNumber')),
    printed: parsePrintedEntries(need(files, 'printedEntries')),
    nameImage,
    ...(face ? { face } : {}),
    ...(all ? { addressImage: parseGen2AddressImage(need(files, 'addressImage')) } : {}),
    ...(permissions ? { permissions: parseGen2Permissions(permissions) } : {}),
    ...(renewal ? { renewalApplication: parseGen2RenewalApplication(renewal) } : {}),
    ...(all ? { other: parseGen2Other(need(files, 'other')) } : {}),
    residenceOnlyFilesPresent: permissions !== undefined,
    signature: parseGen2SignatureFile(need(files, 'signature')),
  };
}
