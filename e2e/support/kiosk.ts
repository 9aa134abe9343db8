import { expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { catalogues, message, type Language, type MessageKey } from '../../src/app/i18n/catalogue';
import type { PurposeId } from '../../src/session/purposes';

/**
 * Drives the kiosk in demo mode the way a clerk does: purpose, simulated card, "fill from the
 * simulated card", read, result, confirmation. Texts come from the app's own catalogues, so the
 * tests follow the wording instead of copying it.
 */

export const HOLDER = { name: '山田　花子', birthDateWareki: '昭和55年2月17日', birthDateWestern: '1980年2月17日' } as const;
export const CODE_B_DEFAULT = '55021720352285';
/** The operator PIN the tests set at first setup (it guards Settings and History). */
export const OPERATOR_PIN = '24681357';
/** The clerk the tests register at first setup (written into every record). */
export const CLERK = 'clerk-07';

/** The two screen sizes every kiosk screen must work at (issue 11). */
export const SIZES = [
  { name: 'landscape', width: 1280, height: 800 },
  { name: 'portrait', width: 800, height: 1280 },
] as const;
export type SizeName = (typeof SIZES)[number]['name'];

export function text(key: MessageKey, language: Language = 'ja', vars?: Record<string, string | number>): string {
  return message(language, key, vars);
}

/** The message as a RegExp: given vars filled in, any other placeholder matches any text. */
export function textPattern(key: MessageKey, language: Language = 'ja', vars: Record<string, string | number> = {}): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = catalogues[language][key]
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return escape(part);
      return name in vars ? escape(String(vars[name])) : '.+';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

export interface KioskOptions {
  /** Simulated time per APDU (the Settings value); 0 keeps tests fast. */
  readonly apduDelayMs?: number;
  readonly language?: Language;
  /** The clerks the setup screen starts with (default: one, CLERK). */
  readonly clerks?: readonly string[];
  /** Leave the first-setup screen on display (tests of the setup itself). */
  readonly skipSetup?: boolean;
}

/**
 * Opens the kiosk with the given settings (kiosk configuration only; nothing personal is stored)
 * and, on this fresh browser profile, does the first setup as the installer would: the operator
 * PIN twice, then "save and start" (kiosk id, clerks and language come prefilled from the
 * settings given here).
 */
export async function openKiosk(page: Page, options: KioskOptions = {}): Promise<void> {
  const language = options.language ?? 'ja';
  const settings = { clerks: options.clerks ?? [CLERK], kioskId: 'e2e-kiosk', defaultLanguage: language, demoApduDelayMs: options.apduDelayMs ?? 0 };
  await page.addInitScript((s) => {
    // Only on the first load of this profile: a reload keeps what the kiosk saved since.
    if (localStorage.getItem('kazasu.settings.v1') === null) localStorage.setItem('kazasu.settings.v1', s);
  }, JSON.stringify(settings));
  await page.goto('/');
  await expect(page.locator('.app')).not.toHaveAttribute('data-setup', 'checking', { timeout: 30_000 });
  if ((await page.locator('.app').getAttribute('data-setup')) === 'required' && !options.skipSetup) await completeSetup(page, language);
  if (!options.skipSetup) await expect(page.getByRole('heading', { level: 1, name: text('purpose.heading', language) })).toBeVisible();
}

/** The first-setup screen: operator PIN twice, then save (the other fields are prefilled). */
export async function completeSetup(page: Page, language: Language = 'ja'): Promise<void> {
  await expect(page.locator('#setup-heading')).toBeVisible();
  await page.getByLabel(text('pin.new', language)).fill(OPERATOR_PIN);
  await page.getByLabel(text('pin.repeat', language)).fill(OPERATOR_PIN);
  await page.getByRole('button', { name: text('setup.save', language) }).click();
  await expect(page.locator('.app')).toHaveAttribute('data-setup', 'done', { timeout: 30_000 });
}

/** Opens History or Settings from the purpose screen and enters the operator PIN. */
export async function openAdmin(page: Page, view: 'history' | 'settings', language: Language = 'ja'): Promise<void> {
  await page.getByRole('button', { name: text(view === 'history' ? 'nav.history' : 'nav.settings', language) }).click();
  await expect(page.locator('#operator-pin')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel(text('pin.label', language), { exact: true }).fill(OPERATOR_PIN);
  await page.getByRole('button', { name: text('pin.unlock', language) }).click();
  await expect(page.getByRole('button', { name: text('admin.lock', language) })).toBeVisible({ timeout: 30_000 });
}

/** Leaves the admin screens (they lock) and returns to the purpose screen. */
export async function leaveAdmin(page: Page, language: Language = 'ja'): Promise<void> {
  await page.getByRole('button', { name: text('admin.lock', language) }).click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
}

/**
 * Types 照合番号B (or any digits) into the first box of the entry, as a clerk or a paste would;
 * the kiosk spreads the digits over the 6/4/4 boxes.
 */
export async function enterCodeB(page: Page, digits: string): Promise<void> {
  await page.locator('#code-b').fill(digits);
}

/** The 14 digits now in the three 照合番号B boxes. */
export async function codeBValue(page: Page): Promise<string> {
  const parts = await page.locator('#code-b, #code-b-expiry, #code-b-security').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  return parts.join('');
}

export async function choosePurpose(page: Page, purpose: PurposeId): Promise<void> {
  await page.locator(`button[data-purpose="${purpose}"]`).click();
  await expect(page.locator('#place-heading')).toBeVisible({ timeout: 30_000 });
}

export async function placeCard(page: Page, cardId: string): Promise<void> {
  await page.locator(`button[data-card-id="${cardId}"]`).click();
  await expect(page.locator('#cred-heading')).toBeVisible({ timeout: 30_000 });
}

export async function fillFromCard(page: Page, language: Language = 'ja'): Promise<void> {
  await page.getByRole('button', { name: text('demo.fill', language) }).click();
}

/**
 * The clerk's primary action on the entry screen; for a bank check this goes to the hand-over
 * step, where the customer's "start reading" is pressed too (the password must be in place).
 */
export async function startReading(page: Page, language: Language = 'ja'): Promise<void> {
  const handover = page.getByRole('button', { name: text('cred.toHandover', language) });
  if (await handover.isVisible()) {
    await handover.click();
    // A format problem keeps the clerk's step; otherwise the hand-over step appears.
    const handoverHeading = page.locator('#handover-heading');
    await expect(handoverHeading.or(page.locator('#code-b[aria-invalid="true"]'))).toBeVisible();
    if (!(await handoverHeading.isVisible())) return;
  }
  await page.getByRole('button', { name: text('cred.submit', language) }).click();
}

/** Waits for the result screen; returns the outcome shown. */
export async function resultOutcome(page: Page): Promise<string | null> {
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  return outcome.getAttribute('data-outcome');
}

/** Purpose → card → fill from the card → read; ends on the result screen. */
export async function runCheck(page: Page, purpose: PurposeId, cardId = 'default', language: Language = 'ja'): Promise<string | null> {
  await choosePurpose(page, purpose);
  await placeCard(page, cardId);
  await fillFromCard(page, language);
  await startReading(page, language);
  return resultOutcome(page);
}

/** The check row for one check id: its status attribute and visible text. */
export function checkRow(page: Page, id: string) {
  return page.locator(`li.check-row[data-check="${id}"]`);
}

/** Answers every staff item shown with 一致する (or the given answer per item). */
export async function answerAll(page: Page, language: Language = 'ja', answers: Record<string, 'match' | 'mismatch'> = {}): Promise<void> {
  for (const item of await page.locator('fieldset.staff-item').all()) {
    const key = (await item.getAttribute('data-item')) ?? '';
    const a = answers[key] ?? 'match';
    await item.getByRole('radio', { name: text(a === 'match' ? 'confirm.match' : 'confirm.mismatch', language), exact: true }).check();
  }
}

/** Result → staff confirmation (every item answered 一致する) → record → done screen. */
export async function confirmAndRecord(page: Page, language: Language = 'ja'): Promise<void> {
  await page.getByRole('button', { name: text('result.toConfirm', language) }).click();
  await expect(page.locator('#confirm-heading')).toBeFocused();
  await answerAll(page, language);
  await page.getByRole('button', { name: text('confirm.record', language) }).click();
  await expect(page.locator('#done-heading')).toBeVisible({ timeout: 30_000 });
}

/** A verified check, recorded, and the kiosk back at the start (evidence tests). */
export async function completeCheck(page: Page, purpose: PurposeId): Promise<void> {
  expect(await runCheck(page, purpose)).toBe('verified');
  await confirmAndRecord(page);
  await expect(page.getByTestId('evidence-status')).toHaveAttribute('data-saved', 'true');
  await page.getByRole('button', { name: text('done.next') }).click();
  await expect(page.locator('#purpose-heading')).toBeVisible();
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[]; readonly failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is; fails on any serious or
 * critical violation and prints every violation found.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated through DevTools, not added as an inline <script>: the kiosk's CSP refuses inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  for (const v of violations) {
    console.log(`[axe ${screen}] ${v.impact ?? 'n/a'} ${v.id}: ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')}`);
  }
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(blocking.map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${screen}`).toEqual([]);
}

/**
 * Saves e2e/screenshots/<screen>-<language>[-<size>].png (gitignored): the viewport as the clerk
 * sees it (what is below the fold is not in the picture), so a look shows what fits.
 */
export async function saveScreenshot(page: Page, screen: string, language: Language, size?: SizeName): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${screen}-${language}${size ? `-${size}` : ''}.png`, fullPage: size === undefined });
}

/** Switches the UI language with the header button and checks <html lang>. */
export async function switchLanguage(page: Page, to: Language): Promise<void> {
  const current = to === 'en' ? 'ja' : 'en';
  await page.getByRole('button', { name: text('app.language', current), exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}
