import { isOperatorLabel } from '../../evidence/operator-label';
import type { Language } from '../i18n/catalogue';
import type { ReaderPathId } from '../readers/reader-path-ids';
import { READER_PATH_IDS } from '../readers/reader-path-ids';
import { revocationConfigOr, type RevocationConfig } from '../revocation/revocation-config';
import { REVOCATION_DEPLOYMENT } from '../revocation/revocation-deployment';

/**
 * Kiosk configuration set at first setup and on the Settings screen (both behind the operator
 * PIN). None of it is about a card holder: it identifies the device and the staff, so it may be
 * kept in localStorage (personal data of card holders never is).
 */
export interface KioskSettings {
  /**
   * The clerks who may run checks, each a name or a staff number as it should appear in the
   * evidence record (規則20条1項1号/2号: who checked). The clerk on duty picks one on the counter
   * screen (no password there); the record keeps the one picked.
   */
  readonly clerks: readonly string[];
  /** Device id written into each evidence record. */
  readonly kioskId: string;
  /** Language the kiosk returns to after every wipe. */
  readonly defaultLanguage: Language;
  /** Demo mode only: simulated time each APDU takes, so the reading screen behaves like a real card. */
  readonly demoApduDelayMs: number;
  /** The reader path staff chose (the simulated reader until a real one is set up). */
  readonly readerPath: ReaderPathId;
  /** Where `kazasu bridge` listens (loopback only). */
  readonly bridgeUrl: string;
  /**
   * The bridge's pairing token (`kazasu bridge --show-token`). A device secret shared with the
   * local bridge, not card-holder data; kept with the other device settings.
   */
  readonly bridgePairingToken: string;
  /**
   * Trust for real readers: 'follow-reader' = production J-LIS anchors (the simulated reader always
   * uses the simulator's); 'jpki-test' for J-LIS test cards; 'simulator' only to run the
   * simulated card through a real path (`kazasu bridge --sim`), shown with the TEST banner.
   */
  readonly realReaderTrust: RealReaderTrust;
  /** Revocation endpoints and refresh schedule (Settings → 失効確認; src/app/revocation). */
  readonly revocation: RevocationConfig;
}

export type RealReaderTrust = 'follow-reader' | 'jpki-test' | 'simulator';
const REAL_READER_TRUSTS: readonly RealReaderTrust[] = ['follow-reader', 'jpki-test', 'simulator'];

/** `kazasu bridge`'s default address (src/node/bridge/bridge-server.ts BRIDGE_DEFAULT_PORT). */
export const DEFAULT_BRIDGE_URL = 'ws://127.0.0.1:47811/';

/**
 * A WebSocket URL on loopback: the bridge never listens anywhere else. Not `[::1]`: a CSP
 * connect-src cannot name an IPv6 literal, so the page could not reach it (http-headers.ts).
 */
export function isLoopbackBridgeUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'ws:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** At most this many clerks (the counter screen lists them as buttons). */
export const MAX_CLERKS = 24;

/** A clerk label the evidence record accepts (1–64 characters, no control/invisible characters) and a counter button can show (≤ 32). */
export function isClerkLabel(value: string): boolean {
  return isOperatorLabel(value) && [...value].length <= 32;
}

export const DEFAULT_SETTINGS: KioskSettings = {
  clerks: [],
  kioskId: 'kiosk-1',
  defaultLanguage: 'ja',
  demoApduDelayMs: 15,
  readerPath: 'demo',
  bridgeUrl: DEFAULT_BRIDGE_URL,
  bridgePairingToken: '',
  realReaderTrust: 'follow-reader',
  revocation: REVOCATION_DEPLOYMENT.defaults,
};

const STORAGE_KEY = 'kazasu.settings.v1';

/** Demo reader speeds offered on the Settings screen (ms per APDU). */
export const DEMO_APDU_DELAYS = [0, 15, 60] as const;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled (e.g. a locked-down kiosk profile)
  }
}

function text(v: unknown, fallback: string, max = 64): string {
  return typeof v === 'string' && v.length <= max ? v : fallback;
}

export function loadSettings(): KioskSettings {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return DEFAULT_SETTINGS;
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const delay = typeof v.demoApduDelayMs === 'number' && Number.isFinite(v.demoApduDelayMs) ? Math.min(Math.max(0, v.demoApduDelayMs), 1000) : DEFAULT_SETTINGS.demoApduDelayMs;
    // Before issue 11 one fixed operatorId was kept; the default 'operator-1' named nobody.
    const legacy = typeof v.operatorId === 'string' && v.operatorId !== 'operator-1' ? [v.operatorId] : [];
    const clerks = (Array.isArray(v.clerks) ? v.clerks : legacy).filter((c): c is string => typeof c === 'string' && isClerkLabel(c));
    return {
      clerks: [...new Set(clerks)].slice(0, MAX_CLERKS),
      kioskId: text(v.kioskId, DEFAULT_SETTINGS.kioskId),
      defaultLanguage: v.defaultLanguage === 'en' ? 'en' : 'ja',
      demoApduDelayMs: delay,
      readerPath: READER_PATH_IDS.find((id) => id === v.readerPath) ?? DEFAULT_SETTINGS.readerPath,
      bridgeUrl: typeof v.bridgeUrl === 'string' && isLoopbackBridgeUrl(v.bridgeUrl) ? v.bridgeUrl : DEFAULT_SETTINGS.bridgeUrl,
      bridgePairingToken: text(v.bridgePairingToken, '', 64),
      realReaderTrust: REAL_READER_TRUSTS.find((m) => m === v.realReaderTrust) ?? DEFAULT_SETTINGS.realReaderTrust,
      revocation: revocationConfigOr(v.revocation, DEFAULT_SETTINGS.revocation),
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: KioskSettings): void {
  storage()?.setItem(STORAGE_KEY, JSON.stringify(settings));
}
