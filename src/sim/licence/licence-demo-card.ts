/**
 * A simulated driver's licence as demo mode carries it (JSON, built in Node by `kazasu sim
 * snapshots`, served to the browser as `virtual:kazasu-sim-cards`): a licence card's model with the
 * file contents and PIN secrets as hex, or — for a マイナ免許証 — the snapshot of the simulated My
 * Number Card with the licence application added. `holderKnows` is what the simulated holder
 * knows (simulator test data only), so the demo can fill the PIN pad for someone who does not
 * know the simulated card's PINs.
 */
import { fromHex, toHex } from '../../bytes/hex';
import type { CardSnapshot } from '../card/card-snapshot';
import type { LicenceAccess, LicenceCardFaults, LicenceCardModel } from './simulated-licence-card';

export interface LicenceDemoCard {
  readonly document: 'drivers-licence';
  readonly id: string;
  readonly group: 'genuine' | 'broken' | 'forged';
  readonly description: { readonly ja: string; readonly en: string };
  /** The PINs the simulated holder knows (`****`: no PIN was set). PIN2 is absent on a マイナ免許証. */
  readonly holderKnows: { readonly pin1: string; readonly pin2?: string };
  readonly chip: { readonly kind: 'card'; readonly model: LicenceDemoModel } | { readonly kind: 'mynumber-card'; readonly snapshot: CardSnapshot };
}

interface DemoFile {
  readonly fid: number;
  readonly contentHex: string;
  readonly access: LicenceAccess;
}

interface DemoPin {
  readonly secretHex: string;
  readonly maxTries: number;
  readonly initialTries: number;
}

/** LicenceCardModel with bytes as hex (JSON-safe). */
export interface LicenceDemoModel {
  readonly atrHex: string;
  readonly mfFiles: readonly DemoFile[];
  readonly dfs: readonly { readonly name: 'df1' | 'df2' | 'df3'; readonly aidHex: string; readonly files: readonly DemoFile[] }[];
  readonly pins: { readonly pin1: DemoPin; readonly pin2: DemoPin };
  readonly faults?: LicenceCardFaults;
}

const fileTo = (f: LicenceCardModel['mfFiles'][number]): DemoFile => ({ fid: f.fid, contentHex: toHex(f.content), access: f.access });
const fileFrom = (f: DemoFile) => ({ fid: f.fid, content: fromHex(f.contentHex), access: f.access });
const pinTo = (p: LicenceCardModel['pins']['pin1']): DemoPin => ({ secretHex: toHex(p.secret), maxTries: p.maxTries, initialTries: p.initialTries });
const pinFrom = (p: DemoPin) => ({ secret: fromHex(p.secretHex), maxTries: p.maxTries, initialTries: p.initialTries });

export function toLicenceDemoModel(m: LicenceCardModel): LicenceDemoModel {
  return {
    atrHex: toHex(m.atr),
    mfFiles: m.mfFiles.map(fileTo),
    dfs: m.dfs.map((d) => ({ name: d.name, aidHex: toHex(d.aid), files: d.files.map(fileTo) })),
    pins: { pin1: pinTo(m.pins.pin1), pin2: pinTo(m.pins.pin2) },
    ...(m.faults ? { faults: m.faults } : {}),
  };
}

export function fromLicenceDemoModel(m: LicenceDemoModel): LicenceCardModel {
  return {
    atr: fromHex(m.atrHex),
    mfFiles: m.mfFiles.map(fileFrom),
    dfs: m.dfs.map((d) => ({ name: d.name, aid: fromHex(d.aidHex), files: d.files.map(fileFrom) })),
    pins: { pin1: pinFrom(m.pins.pin1), pin2: pinFrom(m.pins.pin2) },
    ...(m.faults ? { faults: m.faults } : {}),
  };
}
