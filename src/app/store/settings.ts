import type { Language } from '../i18n/catalogue';

/**
 * Kiosk configuration set by the operator on the Settings screen. None of it is about a card
 * holder: it identifies the device and the staff member for the evidence record, so it may be
 * kept in localStorage (personal data of card holders never is).
 */
export interface KioskSettings {
  /** Staff id written into each evidence record (規則20条1項1号/2号: who checked). */
  readonly operatorId: string;
  /** Device id written into each evidence record. */
  readonly kioskId: string;
  /** Language the kiosk returns to after every wipe. */
  readonly defaultLanguage: Language;
  /** Demo mode only: simulated time each APDU takes, so the reading screen behaves like a real card. */
  readonly demoApduDelayMs: number;
}

export const DEFAULT_SETTINGS: KioskSettings = {
  operatorId: 'operator-1',
  kioskId: 'kiosk-1',
  defaultLanguage: 'ja',
  demoApduDelayMs: 15,
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
    return {
      operatorId: text(v.operatorId, DEFAULT_SETTINGS.operatorId),
      kioskId: text(v.kioskId, DEFAULT_SETTINGS.kioskId),
      defaultLanguage: v.defaultLanguage === 'en' ? 'en' : 'ja',
      demoApduDelayMs: delay,
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: KioskSettings): void {
  storage()?.setItem(STORAGE_KEY, JSON.stringify(settings));
}
