import type { DocumentKind } from '../../verify/report';
import { create } from 'zustand';
import { IdleTimer, type IdleState } from '../../session/idle-timer';
import type { StaffAnswers, SupplementaryDocument } from '../../session/kiosk-session';
import type { CredentialKind, KioskState } from '../../session/kiosk-state';
import type { PurposeId } from '../../session/purposes';
import { errorCode } from '../error-code';
import type { ReaderPathId } from '../readers/reader-path-ids';
import type { TrustMode } from '../../verify/report';
import { applyUpdate } from '../pwa';
import type { Language } from '../i18n/catalogue';
import type { KioskRuntime } from './kiosk-runtime';
import { loadSettings, saveSettings, type KioskSettings } from './settings';

/** Which part of the app is on screen: the kiosk flow, or an admin screen (behind the operator PIN). */
export type View = 'kiosk' | 'history' | 'settings';

/**
 * First setup (an install step): until the operator PIN exists, the kiosk shows the setup screen
 * and runs no check. 'unavailable': the evidence store (and so the PIN) cannot be opened; checks
 * still run, records cannot be kept and the admin screens stay closed.
 */
export type SetupState = 'checking' | 'required' | 'done' | 'unavailable';

/** How the last session ended, when the purpose screen should say so (an idle wipe is explained afterwards). */
export type WipeReason = 'done' | 'cancel' | 'idle' | 'admin';

/** The chip photo on the result screen: 'failed' = it cannot be shown (staff compare the printed photo). */
export type PhotoDisplay = 'decoding' | 'shown' | 'failed';

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
  /**
   * On the placement screen: staff expect this document (undefined: any registered document;
   * the kiosk names the card placed). A card already on the reader is looked at again.
   */
  chooseDocument(document: DocumentKind | undefined): void;
  placeDemoCard(id: string): void;
  removeDemoCard(): void;
  /**
   * Switch to a reader path (Settings). Called from a click, so WebUSB may show its chooser.
   * Saves the choice when the path opens; otherwise `reader.problem` says why.
   */
  selectReader(path: ReaderPathId): Promise<boolean>;
  /** Read the card now: phone NFC opens its sheet; after a failed read, tries the card again. */
  scanCard(): Promise<void>;
  /** `entry`: how 照合番号B / the birth-date key was entered (manual or camera OCR), for the record. */
  submitCredentials(values: Partial<Record<CredentialKind, string>>, confirmLastTry: boolean, entry?: 'manual' | 'ocr'): Promise<void>;
  showConfirmation(show: boolean): void;
  /** The clerk's answers (StaffAnswerMissingError when one is missing: nothing is stored). */
  /** `supplementary`: the 補完書類 staff checked items the document lacks on (a passport without an address). */
  confirm(answers: StaffAnswers, supplementary?: SupplementaryDocument): Promise<void>;
  /** Record a failed chip check as failed (the result screen's primary action on failure). */
  recordFailure(): Promise<void>;
  /** Ask the revocation service again for the result on screen. */
  recheckRevocation(): Promise<void>;
  /** The result screen tells whether the chip photo could be shown. */
  setPhotoDisplay(display: PhotoDisplay): void;
  /** Forget everything about the person and go back to the purpose screen (done, cancel, idle). */
  wipe(reason?: WipeReason): void;
  openView(view: View): void;
  /** The clerk on duty (one of settings.clerks), chosen on the counter screen. */
  chooseClerk(clerk: string): void;
  /** Check the operator PIN; on success the admin screens open until they are left. */
  unlockAdmin(pin: string): Promise<import('../../evidence/operator-pin').PinCheckResult>;
  /** First setup: the operator PIN and the first settings; then the kiosk is ready. */
  completeSetup(pin: string, settings: KioskSettings): Promise<void>;
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
  readonly setup: SetupState;
  /** The clerk on duty (recorded in evidence); undefined until one is picked. */
  readonly clerk: string | undefined;
  /** The operator PIN was entered; the admin screens are open until they are left. */
  readonly adminUnlocked: boolean;
  /** Set after an idle wipe, so the purpose screen can explain what happened. */
  readonly lastWipe: WipeReason | undefined;
  readonly photo: PhotoDisplay;
  /** How the credentials of this session were entered (for the record; never the digits). */
  readonly credentialEntry: 'manual' | 'ocr';
  readonly actions: AppActions;
}

function applyLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

const initialSettings = loadSettings();
applyLanguage(initialSettings.defaultLanguage);

/** One clerk configured: on duty without asking. */
function soleClerk(settings: KioskSettings): string | undefined {
  return settings.clerks.length === 1 ? settings.clerks[0] : undefined;
}

export const useAppStore = create<AppState>()((set, get, api) => {
  let loading: Promise<KioskRuntime> | undefined;
  /** When the card was seen on the reader in this session (evidence: presentedAt). */
  let presentedAt: Date | undefined;

  const idle = new IdleTimer(
    (state) => set({ idle: state }),
    () => get().actions.wipe('idle'),
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
      evidenceContext: () => ({ kioskId: get().settings.kioskId, presentedAt }),
      onEvidenceError: (code) => set({ evidenceErrorCode: code }),
    });
    runtime.session.subscribe((kiosk) => {
      const leftResult = kiosk.step !== 'result';
      const newResult = kiosk.step === 'result' && get().kiosk.step !== 'result';
      set({ kiosk, ...(leftResult ? { confirming: false, photo: 'decoding' as const } : {}), ...(newResult ? { photo: 'decoding' as const } : {}) });
      // A fresh result: look (without using a try) for locked keys to mention to the holder.
      if (newResult) void runtime.session.checkOtherKeys().catch(() => undefined);
    });
    runtime.readers.transport.onEvent((event) => {
      if (event.type === 'card-present') presentedAt = new Date();
      if (event.type === 'card-present' || event.type === 'card-removed' || event.type === 'reader-removed') {
        set((s) => ({ reader: readerStatus(runtime, s.reader.problem) }));
        idle.activity();
      }
    });
    set({ runtime, runtimeStatus: { phase: 'ready' }, kiosk: runtime.session.getState() });
    // First setup is an install step: without an operator PIN the kiosk is not set up yet.
    if (runtime.evidence.ok) {
      const isSet = await runtime.evidence.pins.isSet().catch(() => false);
      set({ setup: isSet ? 'done' : 'required' });
    } else set({ setup: 'unavailable' });
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
      // No check before setup, and none without a clerk to record it.
      if (get().setup === 'required' || get().clerk === undefined) return;
      set({ view: 'kiosk', evidenceErrorCode: undefined, lastWipe: undefined, credentialEntry: 'manual' });
      presentedAt = runtime.readers.transport.isCardPresent() ? new Date() : undefined;
      // Start the photo decoder while the card is placed, so the result shows the photo at once.
      if (purpose !== 'age') void import('../photo').then((photo) => photo.preparePhotoDecoder()).catch(() => undefined);
      runtime.session.choosePurpose(purpose);
      // A phone looks for the card only when asked: open its NFC sheet at once.
      if (runtime.readers.current()?.path === 'native') void runtime.session.cardPlaced();
    },
    chooseDocument(document) {
      const runtime = get().runtime;
      const kiosk = get().kiosk;
      if (!runtime || kiosk.step !== 'place-card') return;
      runtime.session.choosePurpose(kiosk.purpose, document);
      if (runtime.readers.transport.isCardPresent() && runtime.readers.current()?.path !== 'native') void runtime.session.cardPlaced();
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
    async submitCredentials(values, confirmLastTry, entry = 'manual') {
      set({ credentialEntry: entry });
      await get().runtime?.session.submitCredentials(values, confirmLastTry);
    },
    showConfirmation(show) {
      if (get().kiosk.step === 'result') set({ confirming: show });
    },
    async confirm(answers, supplementary) {
      const { runtime, clerk, photo, credentialEntry } = get();
      if (!runtime || clerk === undefined) return;
      await runtime.session.confirm({ operator: clerk, answers, faceComparedWith: photo === 'failed' ? 'printed-photo' : 'chip-photo', credentialEntry, ...(supplementary ? { supplementaryDocument: supplementary } : {}) });
    },
    async recordFailure() {
      const { runtime, clerk, credentialEntry } = get();
      if (!runtime || clerk === undefined) return;
      await runtime.session.recordFailure({ operator: clerk, credentialEntry });
    },
    async recheckRevocation() {
      await get().runtime?.session.recheckRevocation();
    },
    setPhotoDisplay(display) {
      if (get().kiosk.step === 'result' && get().photo !== display) set({ photo: display });
    },
    /**
     * The language rule: what staff chose with the header button stays for the next check
     * (finishing or cancelling does not switch back); an idle wipe — nobody at the counter for
     * a minute — returns to the start language from Settings, and with several clerks asks who
     * is on duty again.
     */
    wipe(reason = 'cancel') {
      const { runtime, settings } = get();
      const wasActive = sessionActive(get());
      runtime?.session.wipe();
      // Demo mode: the card goes back to its holder with the session.
      runtime?.demo.removeCard();
      presentedAt = undefined;
      const idleWipe = reason === 'idle';
      if (idleWipe) applyLanguage(settings.defaultLanguage);
      // Between two people is the one safe moment to load a waiting new version.
      applyUpdate();
      set({
        kiosk: runtime?.session.getState() ?? { step: 'choose-purpose' },
        confirming: false,
        view: 'kiosk',
        evidenceErrorCode: undefined,
        adminUnlocked: false,
        photo: 'decoding',
        credentialEntry: 'manual',
        lastWipe: idleWipe && wasActive ? 'idle' : undefined,
        ...(idleWipe ? { language: settings.defaultLanguage, clerk: soleClerk(settings) } : {}),
      });
    },
    openView(view) {
      if (view !== 'kiosk' && get().kiosk.step !== 'choose-purpose') get().actions.wipe('admin');
      // Leaving the admin screens locks them again.
      set({ view, lastWipe: undefined, ...(view === 'kiosk' ? { adminUnlocked: false } : {}) });
    },
    chooseClerk(clerk) {
      if (get().settings.clerks.includes(clerk)) set({ clerk, lastWipe: undefined });
    },
    async unlockAdmin(pin) {
      const runtime = await get().actions.prepare();
      if (!runtime.evidence.ok) return { ok: false };
      const r = await runtime.evidence.pins.check(pin);
      if (r.ok) set({ adminUnlocked: true });
      return r;
    },
    async completeSetup(pin, settings) {
      const runtime = await get().actions.prepare();
      if (!runtime.evidence.ok) throw new Error(runtime.evidence.code);
      await runtime.evidence.pins.set(pin);
      get().actions.saveSettings(settings);
      applyLanguage(settings.defaultLanguage);
      set({ setup: 'done', language: settings.defaultLanguage, clerk: soleClerk(settings) });
    },
    activity() {
      if (idle.getState().phase !== 'warning') idle.activity();
    },
    continueSession() {
      idle.activity();
    },
    saveSettings(settings) {
      saveSettings(settings);
      // The clerk on duty stays only while still on the list.
      const clerk = get().clerk;
      set({ settings, clerk: clerk !== undefined && settings.clerks.includes(clerk) ? clerk : soleClerk(settings) });
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
    setup: 'checking',
    clerk: soleClerk(initialSettings),
    adminUnlocked: false,
    lastWipe: undefined,
    photo: 'decoding',
    credentialEntry: 'manual',
    actions,
  };
});

/** A session or a staff screen is open: the inactivity timer runs (nothing to wipe otherwise). */
export function sessionActive(s: Pick<AppState, 'view' | 'kiosk'>): boolean {
  return s.view !== 'kiosk' || s.kiosk.step !== 'choose-purpose';
}

