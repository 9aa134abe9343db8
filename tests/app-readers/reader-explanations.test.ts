/**
 * Every reason a reader path can give has its own Japanese and English explanation (issue 5:
 * "a typed error that the UI explains, in every transport"). The Record types below make the
 * compiler list every member of each path's reason union, so a new reason without text fails
 * here first.
 */
import { describe, expect, it } from 'vitest';
import { ja, en } from '../../src/app/i18n/catalogue';
import { readerProblemText } from '../../src/app/readers/reader-failure-text';
import type { BridgeReason } from '../../src/transport/bridge/bridge-error';
import type { TransportErrorCode } from '../../src/transport/card-transport';
import type { ReaderAccessReason } from '../../src/transport/webusb/reader-access-error';
import type { CcidAccessReason } from '../../src/transport/webusb-ccid/ccid-access-error';
import type { CcidSlotErrorReason } from '../../src/transport/webusb-ccid/ccid-slot-error';
import { SMART_CARD_REASON_CODES } from '../../src/transport/smartcard-api/smartcard-api-error';
import { NATIVE_REASON_CODES } from '../../src/transport/native/native-shell-error';
import type { WebNfcReason } from '../../src/transport/web-nfc';
import { message } from '../../src/app/i18n/catalogue';

const all = <T extends string>(r: Record<T, true>): T[] => Object.keys(r) as T[];

/** The Sony readers on their vendor interface (RC-S380, RC-S300) share one access error. */
const SONY_USB = all<ReaderAccessReason>({
  'webusb-unavailable': true,
  'chooser-cancelled': true,
  'request-blocked': true,
  'no-reader': true,
  'open-refused': true,
  'claim-refused': true,
  'interface-busy': true,
  'not-a-port100': true,
  'not-an-rcs300': true,
});
const CCID_ACCESS = all<CcidAccessReason>({
  'webusb-unavailable': true,
  'not-isolated-context': true,
  'usb-unrestricted-not-granted': true,
  'protected-class-blocked': true,
  'chooser-cancelled': true,
  'request-blocked': true,
  'no-reader': true,
  'open-refused': true,
  'interface-busy': true,
  'not-a-ccid-reader': true,
  'unsupported-exchange-level': true,
});
/** Slot errors: a CCID reader's, and the RC-S300's (its escape commands travel in CCID messages). */
const CCID_SLOT = all<CcidSlotErrorReason>({
  'no-card': true,
  'card-mute': true,
  'card-deactivated': true,
  'transfer-error': true,
  'hardware-error': true,
  'bad-atr': true,
  'card-unsupported': true,
  'reader-busy': true,
  'command-aborted': true,
  'command-not-supported': true,
  'bad-parameter': true,
  'slot-error': true,
});
const BRIDGE = all<BridgeReason>({
  'bridge-unreachable': true,
  'origin-not-allowed': true,
  'pairing-failed': true,
  'pairing-missing': true,
  'pairing-timeout': true,
  'too-many-connections': true,
  'bridge-protocol': true,
  'bridge-closed': true,
  'pcsc-unavailable': true,
  'no-reader': true,
  'reader-busy': true,
  'pin-refused': true,
  'command-refused': true,
});
const WEB_NFC = all<WebNfcReason>({ 'web-nfc-ndef-only': true, 'web-nfc-absent': true });
const CODES = all<TransportErrorCode>({
  'not-connected': true,
  'no-card': true,
  'card-removed': true,
  'reader-unplugged': true,
  'permission-denied': true,
  timeout: true,
  protocol: true,
  unsupported: true,
});

const REASONS: Record<string, readonly string[]> = {
  'webusb-port100': SONY_USB,
  'webusb-rcs300': [...SONY_USB, ...CCID_SLOT],
  'webusb-ccid': [...CCID_ACCESS, ...CCID_SLOT],
  bridge: BRIDGE,
  'smartcard-api': Object.keys(SMART_CARD_REASON_CODES),
  native: Object.keys(NATIVE_REASON_CODES),
  'web-nfc': WEB_NFC,
};

describe('reader problem texts', () => {
  for (const [path, reasons] of Object.entries(REASONS)) {
    it(`${path}: every reason has ja and en text of its own`, () => {
      expect(reasons.length).toBeGreaterThan(1);
      for (const r of reasons) {
        const key = `reader.reason.${r}`;
        expect(key in ja, key).toBe(true);
        expect((ja as Record<string, string>)[key]).not.toBe((en as Record<string, string>)[key]);
        expect((en as Record<string, string>)[key]!.length).toBeGreaterThan(10);
      }
    });
  }

  it('every transport error code has a fallback text, and an unknown reason falls back to its code', () => {
    for (const c of CODES) expect(`reader.code.${c}` in ja, c).toBe(true);
    const t = (key: keyof typeof ja, vars?: Record<string, string | number>) => message('en', key, vars);
    expect(readerProblemText(t, 'reader-unplugged', 'not-a-reason')).toBe(en['reader.code.reader-unplugged']);
    expect(readerProblemText(t, 'made-up', undefined)).toContain('made-up');
    expect(readerProblemText(t, 'permission-denied', 'origin-not-allowed')).toContain('--allow-origin');
  });
});
