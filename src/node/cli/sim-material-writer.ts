/**
 * Writes the simulator material of ./sim-material.ts (scripts/build.mjs bundles this file as
 * lib/sim-material-writer.mjs and runs it after the CLI: `writeSimMaterial('lib/sim-material')`).
 * Everything here is made by the simulator's own code, exactly as a run would make it.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toSnapshot } from '../../sim/card/card-snapshot';
import { NAMED_PROFILES } from '../../sim/mynumber/profiles';
import { simulatorAnchorSet } from '../../sim/pki/sim-trust-anchors';
import { buildSimCard } from '../sim-loader';
import { materialJson, SIM_MATERIAL_FORMAT, simMaterialFile } from './sim-material';

declare const KAZASU_CLI_BUILD: string | undefined;

/** Writes the material into `dir` (replacing what was there) for `build`; returns the file names. */
export async function writeSimMaterial(dir: string, build: string | undefined = typeof KAZASU_CLI_BUILD === 'string' ? KAZASU_CLI_BUILD : undefined): Promise<string[]> {
  if (!build) throw new Error('writeSimMaterial: no build id (run it from the bundle scripts/build.mjs makes)');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const write = async (file: string, value: unknown) => {
    await writeFile(join(dir, file), materialJson({ format: SIM_MATERIAL_FORMAT, build, value }));
    return file;
  };
  const files: string[] = [];
  for (const profile of NAMED_PROFILES) files.push(await write(simMaterialFile.mynumberCard(profile.id), toSnapshot((await buildSimCard(profile)).model)));
  files.push(await write(simMaterialFile.anchorSet, await simulatorAnchorSet()));
  return files;
}
