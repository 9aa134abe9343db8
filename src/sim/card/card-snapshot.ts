import { base64ToBytes, bytesToBase64 as b64 } from '../../bytes/base64';
import { KazasuError } from '../../errors/kazasu-error';
import type { AccessRule, CardModel, DedicatedFile, ElementaryFile } from './card-model';

/**
 * A CardModel as plain JSON (bytes as base64), so cards built in Node (where the name and address
 * images can be rendered) can be shipped to the browser for demo mode and exported by the CLI.
 */
export interface CardSnapshot {
  readonly format: 'kazasu-sim-card/1';
  readonly atr: string;
  readonly seed: string;
  readonly dfs: readonly DfSnapshot[];
}

interface DfSnapshot {
  readonly name: string;
  readonly aid: string;
  readonly defaultSigningKey?: string;
  readonly internalAuthenticateKey?: number;
  readonly replaysInternalAuthentication?: boolean;
  readonly signatureSchemes: DedicatedFile['signatureSchemes'];
  readonly files: readonly EfSnapshot[];
}

type EfSnapshot =
  | { readonly kind: 'transparent'; readonly fid: number; readonly content: string; readonly read: AccessRule }
  | { readonly kind: 'record'; readonly fid: number; readonly records: readonly string[]; readonly read: AccessRule }
  | {
      readonly kind: 'pin';
      readonly fid: number;
      readonly secret: string;
      readonly maxTries: number | null;
      readonly initialTries?: number;
      readonly alwaysBlocked?: boolean;
    }
  | { readonly kind: 'private-key'; readonly fid: number; readonly keyId: string; readonly use: AccessRule };

export class CardSnapshotError extends KazasuError {
  readonly code = 'sim-snapshot-invalid' as const;
}

function unb64(s: string): Uint8Array {
  if (typeof s !== 'string') throw new CardSnapshotError('expected base64 text');
  return base64ToBytes(s);
}

export function toSnapshot(model: CardModel): CardSnapshot {
  return {
    format: 'kazasu-sim-card/1',
    atr: b64(model.atr),
    seed: model.seed,
    dfs: model.dfs.map((df) => ({
      name: df.name,
      aid: b64(df.aid),
      ...(df.defaultSigningKey ? { defaultSigningKey: df.defaultSigningKey } : {}),
      ...(df.internalAuthenticateKey !== undefined ? { internalAuthenticateKey: df.internalAuthenticateKey } : {}),
      ...(df.replaysInternalAuthentication ? { replaysInternalAuthentication: true } : {}),
      signatureSchemes: df.signatureSchemes,
      files: df.files.map(efToSnapshot),
    })),
  };
}

function efToSnapshot(ef: ElementaryFile): EfSnapshot {
  switch (ef.kind) {
    case 'transparent':
      return { kind: ef.kind, fid: ef.fid, content: b64(ef.content), read: ef.read };
    case 'record':
      return { kind: ef.kind, fid: ef.fid, records: ef.records.map(b64), read: ef.read };
    case 'pin':
      return {
        kind: ef.kind,
        fid: ef.fid,
        secret: b64(ef.secret),
        maxTries: ef.maxTries,
        ...(ef.initialTries !== undefined ? { initialTries: ef.initialTries } : {}),
        ...(ef.alwaysBlocked ? { alwaysBlocked: true } : {}),
      };
    case 'private-key':
      return { kind: ef.kind, fid: ef.fid, keyId: ef.keyId, use: ef.use };
  }
}

export function fromSnapshot(snapshot: CardSnapshot): CardModel {
  if (snapshot?.format !== 'kazasu-sim-card/1') throw new CardSnapshotError('not a kazasu-sim-card/1 snapshot');
  return {
    atr: unb64(snapshot.atr),
    seed: snapshot.seed,
    dfs: snapshot.dfs.map((df) => ({
      name: df.name,
      aid: unb64(df.aid),
      ...(df.defaultSigningKey ? { defaultSigningKey: df.defaultSigningKey } : {}),
      ...(df.internalAuthenticateKey !== undefined ? { internalAuthenticateKey: df.internalAuthenticateKey } : {}),
      ...(df.replaysInternalAuthentication ? { replaysInternalAuthentication: true } : {}),
      signatureSchemes: df.signatureSchemes,
      files: df.files.map(efFromSnapshot),
    })),
  };
}

function efFromSnapshot(ef: EfSnapshot): ElementaryFile {
  switch (ef.kind) {
    case 'transparent':
      return { kind: ef.kind, fid: ef.fid, content: unb64(ef.content), read: ef.read };
    case 'record':
      return { kind: ef.kind, fid: ef.fid, records: ef.records.map(unb64), read: ef.read };
    case 'pin':
      return {
        kind: ef.kind,
        fid: ef.fid,
        secret: unb64(ef.secret),
        maxTries: ef.maxTries,
        ...(ef.initialTries !== undefined ? { initialTries: ef.initialTries } : {}),
        ...(ef.alwaysBlocked ? { alwaysBlocked: true } : {}),
      };
    case 'private-key':
      return { kind: ef.kind, fid: ef.fid, keyId: ef.keyId, use: ef.use };
    default:
      throw new CardSnapshotError('unknown file kind');
  }
}
