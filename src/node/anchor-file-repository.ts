import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { anchorSetFromRecords, type AnchorRepository, type ImportedAnchorRecord, type ImportMode } from '../verify/trust/anchor-import';
import { licenceAnchorsFromRecords } from '../verify/licence/issuer-certificates';
import { residenceAnchorsFromRecords } from '../verify/residence-card';
import type { AnchorSet, DocumentAnchor } from '../verify/trust/trust-anchors';

/** Where the CLI keeps operator-imported anchors: $KAZASU_HOME or ~/.config/kazasu. */
export function kazasuHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KAZASU_HOME ?? join(homedir(), '.config', 'kazasu');
}

/** Operator-imported trust anchors in one JSON file, replaced atomically on save. */
export class AnchorFileRepository implements AnchorRepository {
  constructor(readonly path: string = join(kazasuHome(), 'trust-anchors.json')) {}

  async load(): Promise<ImportedAnchorRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    const json = JSON.parse(text) as { anchors?: ImportedAnchorRecord[] };
    return Array.isArray(json.anchors) ? json.anchors : [];
  }

  async save(records: readonly ImportedAnchorRecord[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ format: 'kazasu-trust-anchors/1', anchors: records }, null, 2), { mode: 0o600 });
    await rename(tmp, this.path);
  }
}

export async function loadImportedAnchors(mode: ImportMode, repo: AnchorRepository = new AnchorFileRepository()): Promise<AnchorSet> {
  return anchorSetFromRecords(await repo.load(), mode);
}

/**
 * The operator-imported anchors of documents that chain to their own issuer CA (the residence
 * card's MOJ CAs, the licence issuer certificates), every mode (the verifier keeps the mode's own
 * and names the others); each is re-checked (MOJ: against its pin; licence: parsed again, its
 * fingerprint re-derived), and a stored record that fails is left out and named in `refused`.
 */
export async function loadImportedDocumentAnchors(repo: AnchorRepository = new AnchorFileRepository()): Promise<{ anchors: DocumentAnchor[]; refused: string[] }> {
  const records = await repo.load();
  const [rc, dl] = await Promise.all([residenceAnchorsFromRecords(records), licenceAnchorsFromRecords(records)]);
  return { anchors: [...rc.anchors, ...dl.anchors], refused: [...rc.refused, ...dl.refused] };
}
