/**
 * The bridge's per-install settings in $KAZASU_HOME/bridge.json (mode 0600): the pairing token
 * and the allowed origins. The token is made once from 32 random bytes; staff copy it into the
 * kiosk's settings ("pairing"). It is a shared secret, not personal data.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToBase64Url } from '../../bytes/base64';
import { isPairingToken } from '../../transport/bridge/bridge-auth';
import { kazasuHome } from '../anchor-file-repository';
import { BridgeConfigError, normaliseOrigin } from './bridge-server';

export interface BridgeConfig {
  readonly token: string;
  readonly allowedOrigins: readonly string[];
}

/** Where `npm start` / `npm run preview` serve the kiosk (vite defaults in this project). */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:4173', 'http://127.0.0.1:4173'];

export function newPairingToken(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export function bridgeConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(kazasuHome(env), 'bridge.json');
}

function parseConfig(text: string, path: string): BridgeConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BridgeConfigError(`${path} is not JSON`);
  }
  const o = value as Partial<Record<keyof BridgeConfig, unknown>>;
  if (typeof o !== 'object' || o === null || typeof o.token !== 'string' || !isPairingToken(o.token)) throw new BridgeConfigError(`${path} has no valid token`);
  if (!Array.isArray(o.allowedOrigins) || !o.allowedOrigins.every((x): x is string => typeof x === 'string')) throw new BridgeConfigError(`${path} has no allowedOrigins list`);
  return { token: o.token, allowedOrigins: o.allowedOrigins.map(normaliseOrigin) };
}

async function save(path: string, config: BridgeConfig): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** Read bridge.json, creating it (new token, default origins) on first run. */
export async function loadOrCreateBridgeConfig(path: string): Promise<{ config: BridgeConfig; created: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const config = { token: newPairingToken(), allowedOrigins: [...DEFAULT_ALLOWED_ORIGINS] };
    await save(path, config);
    return { config, created: true };
  }
  return { config: parseConfig(text, path), created: false };
}

export async function saveBridgeConfig(path: string, config: BridgeConfig): Promise<void> {
  await save(path, { token: config.token, allowedOrigins: config.allowedOrigins.map(normaliseOrigin) });
}
