/**
 * Shared fixtures of the passport PA tests: the real eMRTD test data of the project's shared
 * folder (/work/shared/testdata/emrtd, README there: provenance of every file), and the trust
 * stores built from it. Master-list imports are slow (pkijs decodes hundreds of certificates),
 * so each test file imports them once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importMasterList, type MasterListImport } from '../../src/verify/passport/trust/master-list';
import { cscaAnchorFrom, type CscaAnchor } from '../../src/verify/passport/trust/passport-trust';
import { derObjects } from '../../src/verify/passport/trust/pem-blocks';

export const EMRTD = process.env.KAZASU_EMRTD_TESTDATA ?? '/work/shared/testdata/emrtd';
export const JP_TRUST = process.env.KAZASU_JP_TRUST ?? '/work/shared/trust/passport/JP';

export function file(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(EMRTD, rel)));
}

export function hexFile(rel: string): Uint8Array {
  return Uint8Array.from(Buffer.from(readFileSync(join(EMRTD, rel), 'utf8').replace(/\s+/g, ''), 'hex'));
}

/** Every EF.SOD file of the shared folder, by country/test-set label ("AT", "UK_expired", "BSI_TR03105-5", …). */
export function sodFiles(): { label: string; name: string; bytes: Uint8Array }[] {
  return readdirSync(join(EMRTD, 'sod'))
    .filter((f) => f.endsWith('_EF_SOD.hex'))
    .sort()
    .map((name) => ({ label: name.replace('_EF_SOD.hex', ''), name, bytes: hexFile(`sod/${name}`) }));
}

export const ML_FILES = {
  DE: { ml: 'masterlists/DE_ML_2026-05-28-08-28-45.ml.b64', signer: 'certs/ml-trust/DE_CSCA07.pem', at: new Date('2026-06-01T00:00:00Z') },
  NL2026: { ml: 'masterlists/NL_ML_2026-07-22.ml.b64', signer: 'certs/ml-trust/NL_CSCA_2024.pem', at: new Date('2026-08-01T00:00:00Z') },
  NL2021: { ml: 'masterlists/NL_MASTERLIST_20211207.mls.b64', signer: 'certs/ml-trust/NL_CSCA_serial6_2021.pem', at: new Date('2022-01-15T00:00:00Z') },
} as const;

export async function importTestMasterList(which: keyof typeof ML_FILES): Promise<MasterListImport> {
  const m = ML_FILES[which];
  return importMasterList(file(m.ml), [file(m.signer)], m.at, { provenance: m.ml });
}

/** The two loose CSCAs of the folder (UK 2010, Indonesia 2010 series incl. links), as operator imports. */
export function looseCscas(): CscaAnchor[] {
  return [...derObjects(file('certs/csca/GB_CSCA_2010.pem')), ...derObjects(file('certs/csca/ID_2010_series.pem'))].map((d) =>
    cscaAnchorFrom(d, 'operator', 'imported', 'shared testdata certs/csca'),
  );
}
