import { create } from 'zustand';
import { IdleTimer, type IdleState } from '../../session/idle-timer';
import type { StaffConfirmations } from '../../session/kiosk-session';
import type { CredentialKind, KioskState } from '../../session/kiosk-state';
import type { PurposeId } from '../../session/purposes';
import { errorCode } from '../error-code';
import type { ReaderPathId } from '../readers/reader-path-ids';
import type { TrustMode } from '../../verify/report';
import { applyUpdate } from '../pwa';
import type { Language } from '../i18n/catalogue';
import type { KioskRuntime } from './kiosk-runtime';
import { loadSettings, saveSettings, type KioskSettings } from './settings';

/** Which part of the app is on screen: the kiosk flow, or a staff screen. */
export type View = 'kiosk' | 'history' | 'settings';

/** What the reader reports, and which reader path is in use. */
export interface ReaderStatus {
  readonly cardPresent: boolean;
  /** Demo mode: id of the simulated card on the reader. */
  readonly demoCardId?: string;
  /** The open reader path (none while opening, or after opening failed). */
  readonly path?: ReaderPathId;
  /** Reader name to show (product or PC/SC name). */
  readonly label?: string;
  /** Trust mode the next verification uses (follows the reader; Settings). */
  readonly trustMode: TrustMode;
  /** Opening the chosen path is under way. */
  readonly opening?: boolean;
  /** Why the chosen path is not open (TransportError code, and the path's reason). */
  readonly problem?: { readonly path: ReaderPathId; readonly errorCode: string; readonly reason?: string };
}

export type RuntimeStatus = { readonly phase: 'idle' | 'loading' | 'ready' } | { readonly phase: 'failed'; readonly code: string };

export interface AppActions {
  /** Start loading the reader, session engine and evidence store (after the first paint). */
  prepare(): Promise<KioskRuntime>;
  setLanguage(language: Language): void;
  choosePurpose(purpose: PurposeId): Promise<void>;
  placeDemoCard(id: string): void;
  removeDemoCard(): void;
  /**
   * Switch to a reader path (Settings). Called from a click, so WebUSB may show its chooser.
   * Saves the choice when the path opens; otherwise `reader.problem` says why.
   */
  selectReader(path: ReaderPathId): Promise<boolean>;
  /** Read the card now: phone NFC opens its sheet; after a failed read, tries the card again. */
  scanCard(): Promise<void>;
  submitCredentials(values: Partial<Record<CredentialKind, string>>, confirmLastTry: boolean): Promise<void>;
  showConfirmation(show: boolean): void;
  confirm(confirmations: StaffConfirmations): Promise<void>;
  /** Forget everything about the person and go back to the purpose screen (done, cancel, idle). */
  wipe(): void;
  openView(view: View): void;
  /**
   * A touch, key or scroll: restarts the inactivity timer. Ignored while the warning shows, so
   * the press that closes the warning cannot fall through onto the screen behind it.
   */
  activity(): void;
  /** The warning's "continue": extends the session. */
  continueSession(): void;
  saveSettings(settings: KioskSettings): void;
}

/**
 * The kiosk's one store. It owns the KioskSession, the reader (transport), the demo world, the
 * evidence store (all inside `runtime`, loaded lazily), the language, the idle state and the
 * settings; components subscribe to slices. Personal data exists only inside `kiosk` (the
 * session's result state) and is dropped by `wipe()`.
 */
export interface AppState {
  readonly language: Language;
  readonly settings: KioskSettings;
  readonly view: View;
  readonly runtime: KioskRuntime | undefined;
  readonly runtimeStatus: RuntimeStatus;
  /** Mirror of the session's state. */
  readonly kiosk: KioskState;
  /** The result is on screen and staff moved on to the confirmation step. */
  readonly confirming: boolean;
  readonly reader: ReaderStatus;
  readonly idle: IdleState;
  /** Why the last evidence record could not be saved (shown on the done screen). */
  readonly evidenceErrorCode: string | undefined;
  readonly actions: AppActions;
}

function applyLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

const initialSettings = loadSettings();
applyLanguage(initialSettings.defaultLanguage);

export const useAppStore = create<AppState>()((set, get, api) => {
  let loading: Promise<KioskRuntime> | undefined;
  /** When the card was seen on the reader in this session (evidence: presentedAt). */
  let presentedAt: Date | undefined;

  const idle = new IdleTimer(
    (state) => set({ idle: state }),
    () => get().actions.wipe(),
  );

  // The timer runs while a session or a staff screen is open, and stops at the purpose screen.
  let timing = false;
  api.subscribe((s) => {
    const active = sessionActive(s);
    if (active === timing) return;
    timing = active;
    if (active) idle.start();
    else idle.stop();
  });

  const readerStatus = (runtime: KioskRuntime, problem?: ReaderStatus['problem']): ReaderStatus => {
    const current = runtime.readers.current();
    const id = current?.path === 'demo' ? runtime.demo.placedCard()?.id : undefined;
    return {
      cardPresent: runtime.readers.transport.isCardPresent(),
      trustMode: runtime.readers.trustMode(),
      ...(id ? { demoCardId: id } : {}),
      ...(current ? { path: current.path, ...(current.label ? { label: current.label } : {}) } : {}),
      ...(problem ? { problem } : {}),
    };
  };

  const problemOf = (path: ReaderPathId, e: unknown): NonNullable<ReaderStatus['problem']> => {
    const reason = typeof e === 'object' && e !== null && 'reason' in e && typeof (e as { reason: unknown }).reason === 'string' ? (e as { reason: string }).reason : undefined;
    return { path, errorCode: errorCode(e, 'reader-failed'), ...(reason ? { reason } : {}) };
  };

  /** Open a path; on failure leave no reader open and say why. */
  const openReader = async (runtime: KioskRuntime, path: ReaderPathId, interactive: boolean): Promise<boolean> => {
    set({ reader: { ...readerStatus(runtime), opening: true } });
    try {
      await runtime.readers.select(path, interactive);
      set({ reader: readerStatus(runtime) });
      return true;
    } catch (e) {
      set({ reader: readerStatus(runtime, problemOf(path, e)) });
      return false;
    }
  };

  const load = async (): Promise<KioskRuntime> => {
    set({ runtimeStatus: { phase: 'loading' } });
    const { createKioskRuntime } = await import('./kiosk-runtime');
    const runtime = await createKioskRuntime({
      apduDelayMs: () => get().settings.demoApduDelayMs,
      settings: () => get().settings,
      evidenceContext: () => ({ kioskId: get().settings.kioskId, operatorId: get().settings.operatorId, presentedAt }),
      onEvidenceError: (code) => set({ evidenceErrorCode: code }),
    });
    runtime.session.subscribe((kiosk) => set({ kiosk, ...(kiosk.step !== 'result' ? { confirming: false } : {}) }));
    runtime.readers.transport.onEvent((event) => {
      if (event.type === 'card-present') presentedAt = new Date();
      if (event.type === 'card-present' || event.type === 'card-removed' || event.type === 'reader-removed') {
        set((s) => ({ reader: readerStatus(runtime, s.reader.problem) }));
        idle.activity();
      }
    });
    set({ runtime, runtimeStatus: { phase: 'ready' }, kiosk: runtime.session.getState() });
    // Re-open the reader chosen last time, without prompting (WebUSB: a remembered device).
    await openReader(runtime, get().settings.readerPath, false);
    return runtime;
  };

  const actions: AppActions = {
    prepare() {
      loading ??= load().catch((e: unknown) => {
        loading = undefined;
        set({ runtimeStatus: { phase: 'failed', code: errorCode(e) } });
        throw e;
      });
      return loading;
    },
    setLanguage(language) {
      applyLanguage(language);
      set({ language });
    },
    async choosePurpose(purpose) {
      let runtime: KioskRuntime;
      try {
        runtime = await get().actions.prepare();
      } catch {
        return; // runtimeStatus says why; the purpose screen shows it
      }
      set({ view: 'kiosk', evidenceErrorCode: undefined });
      presentedAt = runtime.readers.transport.isCardPresent() ? new Date() : undefined;
      // Start the photo decoder while the card is placed, so the result shows the photo at once.
      if (purpose !== 'age') void import('../photo').then((photo) => photo.preparePhotoDecoder()).catch(() => undefined);
      runtime.session.choosePurpose(purpose);
      // A phone looks for the card only when asked: open its NFC sheet at once.
      if (runtime.readers.current()?.path === 'native') void runtime.session.cardPlaced();
    },
    async scanCard() {
      await get().runtime?.session.cardPlaced();
    },
    placeDemoCard(id) {
      const runtime = get().runtime;
      if (runtime?.readers.current()?.path === 'demo') runtime.demo.placeCard(id);
    },
    async selectReader(path) {
      let runtime: KioskRuntime;
      try {
        runtime = await get().actions.prepare();
      } catch {
        return false;
      }
      const ok = await openReader(runtime, path, true);
      if (ok && get().settings.readerPath !== path) get().actions.saveSettings({ ...get().settings, readerPath: path });
      return ok;
    },
    removeDemoCard() {
      get().runtime?.demo.removeCard();
    },
    async submitCredentials(values, confirmLastTry) {
      await get().runtime?.session.submitCredentials(values, confirmLastTry);
    },
    showConfirmation(show) {
      if (get().kiosk.step === 'result') set({ confirming: show });
    },
    async confirm(confirmations) {
      await get().runtime?.session.confirm(confirmations);
    },
    wipe() {
      const { runtime, settings } = get();
      runtime?.session.wipe();
      // Demo mode: the card goes back to its holder with the session.
      runtime?.demo.removeCard();
      presentedAt = undefined;
      applyLanguage(settings.defaultLanguage);
      // Between two people is the one safe moment to load a waiting new version.
      applyUpdate();
      set({
        kiosk: runtime?.session.getState() ?? { step: 'choose-purpose' },
        confirming: false,
        view: 'kiosk',
        evidenceErrorCode: undefined,
        language: settings.defaultLanguage,
      });
    },
    openView(view) {
      if (view !== 'kiosk' && get().kiosk.step !== 'choose-purpose') get().actions.wipe();
      set({ view });
    },
    activity() {
      if (idle.getState().phase !== 'warning') idle.activity();
    },
    continueSession() {
      idle.activity();
    },
    saveSettings(settings) {
      saveSettings(settings);
      set({ settings });
      // The trust for real readers may have changed.
      const runtime = get().runtime;
      if (runtime) set((s) => ({ reader: { ...readerStatus(runtime, s.reader.problem), ...(s.reader.opening ? { opening: true } : {}) } }));
    },
  };

  return {
    language: initialSettings.defaultLanguage,
    settings: initialSettings,
    view: 'kiosk',
    runtime: undefined,
    runtimeStatus: { phase: 'idle' },
    kiosk: { step: 'choose-purpose' },
    confirming: false,
    reader: { cardPresent: false, trustMode: 'simulator' },
    idle: idle.getState(),
    evidenceErrorCode: undefined,
    actions,
  };
});

/** A session or a staff screen is open: the inactivity timer runs (nothing to wipe otherwise). */
export function sessionActive(s: Pick<AppState, 'view' | 'kiosk'>): boolean {
  return s.view !== 'kiosk' || s.kiosk.step !== 'choose-purpose';
}

