/**
 * The passport trust the CLI keeps: the operator's imports (CSCAs from master lists whose
 * signature was checked against a pinned CSCA, CSCA CRLs) in $KAZASU_HOME/passport-trust.json
 * (format verify/passport/trust/trust-json.ts), and the store in force for one trust mode:
 * Japan's shipped CSCAs + operator imports in production, test imports in jpki-test, the
 * simulator CSCAs and the simulator CSCA CRL in simulator mode.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { simCscaCrl } from '../sim/passport/pki/crl';
import { simulatorPassportCscas } from '../sim/passport/pki/sim-passport-trust';
import type { TrustMode } from '../verify/report';
import { importCscaCrl } from '../verify/passport/trust/csca-crl';
import { allKnownCscas, createPassportTrustStore, type CscaAnchor, type PassportTrustInputs, type PassportTrustStore } from '../verify/passport/trust/passport-trust';
import { passportTrustFromJson, passportTrustToJson } from '../verify/passport/trust/trust-json';
import { kazasuHome } from './anchor-file-repository';

export type PassportImports = Pick<PassportTrustInputs, 'imported' | 'masterLists' | 'crls'>;

export class PassportTrustFile {
  constructor(readonly path: string = join(kazasuHome(), 'passport-trust.json')) {}

  async load(): Promise<PassportImports> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { imported: [], masterLists: [], crls: [] };
      throw e;
    }
    return passportTrustFromJson(JSON.parse(text));
  }

  async save(imports: PassportImports): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(passportTrustToJson(imports), null, 2));
    await rename(tmp, this.path);
  }
}

/** The passport trust store in force for `mode`, and every CSCA known (to say "known only in another mode"). */
export async function passportTrustFor(mode: TrustMode, now: Date, file = new PassportTrustFile()): Promise<{ readonly store: PassportTrustStore; readonly allCscas: readonly CscaAnchor[] }> {
  const imports = await file.load();
  const simulator = await simulatorPassportCscas();
  let store = createPassportTrustStore(mode, { ...imports, simulator });
  if (mode === 'simulator') {
    // The simulator CSCA's CRL (lists the revoked simulator DSC), checked like any import.
    const crl = await importCscaCrl(await simCscaCrl(), store, now, 'kazasu-simulator CSCA CRL');
    if (crl.crl) store = createPassportTrustStore(mode, { ...imports, simulator, crls: [...(imports.crls ?? []), crl.crl] });
  }
  return { store, allCscas: allKnownCscas({ ...imports, simulator }) };
}
