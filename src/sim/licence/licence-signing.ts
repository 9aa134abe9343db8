/**
 * DF1/EF07 電子署名 of the simulated licence, made by a simulator issuer over the files its
 * signed-data recipe names (the simulator's own reading of the UNCONFIRMED recipe, licence-facts
 * §4: default RSA-2048 PKCS#1 v1.5 with SHA-256 over DF1/EF01 ‖ DF1/EF02 ‖ DF2/EF01 as stored).
 * The field widths follow CIV's table [U]: serial 16, RFU 48, issuer 80, subject 130, SKI 32.
 */
import { simLicenceSigner, signAsIssuer, type LicenceSignerId, type SimHash } from './licence-issuer';
import type { BuiltFile, LicenceFileSet } from './licence-files';
import { SIM_FILE_SIZE } from './licence-files';
import type { SimSignedRecipe } from './licence-profile';
import { concat, encodeAscii, padFile, tlv } from './sim-text';

/** The byte string a recipe signs, from the simulator's own files. */
export function simSignedData(recipe: SimSignedRecipe, files: Pick<LicenceFileSet, 'entries' | 'honseki' | 'photo'>): Uint8Array {
  switch (recipe) {
    case 'ef01-ef02-photo-files':
      return concat([files.entries.file, files.honseki.file, files.photo.file]);
    case 'ef01-ef02-photo-tlv':
      return concat([files.entries.content, files.honseki.content, files.photo.content]);
    case 'ef01-photo-files':
      return concat([files.entries.file, files.photo.file]);
  }
}

function padRight(text: string, width: number): Uint8Array {
  const b = encodeAscii(text.slice(0, width));
  const out = new Uint8Array(width).fill(0x20);
  out.set(b, 0);
  return out;
}

export interface SignatureFileParts {
  readonly signature: Uint8Array;
  readonly serialHex: string;
  readonly issuerName: string;
  readonly subjectName: string;
  readonly subjectKeyId: Uint8Array;
}

/** EF07 from its parts (the forgeries rebuild it with one part changed). */
export function encodeSignatureFile(p: SignatureFileParts): BuiltFile {
  const content = concat([
    tlv(0xb1, p.signature, { longForm: true }),
    tlv(0xb2, padRight(p.serialHex.padStart(16, '0'), 16)),
    tlv(0xb3, new Uint8Array(48)),
    tlv(0xb4, padRight(p.issuerName, 80)),
    tlv(0xb5, padRight(p.subjectName, 130)),
    tlv(0xb6, p.subjectKeyId),
  ]);
  return { content, file: padFile(content, SIM_FILE_SIZE.signature, 'DF1/EF07') };
}

export async function signLicenceFiles(files: LicenceFileSet, signer: LicenceSignerId, recipe: SimSignedRecipe, hash: SimHash): Promise<{ file: BuiltFile; parts: SignatureFileParts }> {
  const s = await simLicenceSigner(signer);
  const signature = await signAsIssuer(signer, hash, simSignedData(recipe, files));
  const parts: SignatureFileParts = { signature, serialHex: s.serialHex, issuerName: s.issuerCn, subjectName: s.subjectCn, subjectKeyId: s.subjectKeyId };
  return { file: encodeSignatureFile(parts), parts };
}
