/**
 * A simulated residence card as demo mode carries it (JSON, built in Node by `kazasu sim
 * snapshots`, served to the browser as `virtual:kazasu-sim-cards`): the card's files as hex and
 * the number printed on its face, which the demo fill types for a clerk who has no real card.
 */
import { fromHex, toHex } from '../../bytes/hex';
import type { RcDf, RcSimBehaviour, RcSimModel } from './card-files';
import type { RcGeneration, RcKind } from './rc-profile';

export interface RcDemoCard {
  readonly document: 'residence-card';
  readonly id: string;
  readonly group: 'genuine' | 'broken' | 'forged';
  readonly description: { readonly ja: string; readonly en: string };
  /** The 在留カード等番号 printed on the card (simulator test data). */
  readonly printedCardNumber: string;
  readonly model: RcDemoModel;
}

/** RcSimModel with the file contents as hex (JSON-safe). */
export interface RcDemoModel {
  readonly generation: RcGeneration;
  readonly kind: RcKind;
  readonly seed: string;
  readonly cardNumber: string;
  readonly files: readonly { readonly df: RcDf; readonly sfi: number; readonly contentHex: string; readonly auth: boolean; readonly sm: boolean }[];
  readonly behaviour?: RcSimBehaviour;
}

export function toDemoModel(m: RcSimModel): RcDemoModel {
  return {
    generation: m.generation,
    kind: m.kind,
    seed: m.seed,
    cardNumber: m.cardNumber,
    files: m.files.map((f) => ({ df: f.df, sfi: f.sfi, contentHex: toHex(f.content), auth: f.auth, sm: f.sm })),
    ...(m.behaviour ? { behaviour: m.behaviour } : {}),
  };
}

export function fromDemoModel(m: RcDemoModel): RcSimModel {
  return {
    generation: m.generation,
    kind: m.kind,
    seed: m.seed,
    cardNumber: m.cardNumber,
    files: m.files.map((f) => ({ df: f.df, sfi: f.sfi, content: fromHex(f.contentHex), auth: f.auth, sm: f.sm })),
    ...(m.behaviour ? { behaviour: m.behaviour } : {}),
  };
}
