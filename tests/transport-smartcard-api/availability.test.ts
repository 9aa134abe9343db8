/**
 * Feature detection for the kiosk's reader choice: navigator.smartCard (Isolated Web Apps only)
 * and Web NFC (present on Android Chrome, but NDEF-only: it can never read this card). Plus the
 * mapping of every SmartCardError response code to a stable reason.
 */
import { describe, expect, it } from 'vitest';
import { installAsNavigatorSmartCard, SmartCardApiEmulator } from '../../src/sim/readers/smartcard-api-emulator';
import { SMART_CARD_RESPONSE_CODES } from '../../src/transport/smartcard-api/smartcard-api-types';
import { toSmartCardApiError, type SmartCardApiReason } from '../../src/transport/smartcard-api/smartcard-api-error';
import { smartCardAvailability } from '../../src/transport/smartcard-api/smartcard-availability';
import { chooseReader } from '../../src/transport/smartcard-api/smartcard-readers';
import { webNfcStatus } from '../../src/transport/web-nfc';

describe('smartCardAvailability', () => {
  it('usable only when navigator.smartCard has establishContext', () => {
    const emulator = new SmartCardApiEmulator();
    const nav = {};
    installAsNavigatorSmartCard(emulator.smartCard, nav);
    const a = smartCardAvailability({ navigator: nav, isSecureContext: true });
    expect(a.usable).toBe(true);
    expect(a.usable && a.smartCard).toBe(emulator.smartCard);
  });

  it('missing everywhere else, with the reason the UI explains', () => {
    for (const g of [undefined, null, 42, {}, { navigator: null }, { navigator: {} }, { navigator: { smartCard: {} } }, { navigator: { smartCard: { establishContext: 1 } } }]) {
      expect(smartCardAvailability(g), JSON.stringify(g)).toEqual({ usable: false, reason: 'smartcard-api-missing' });
    }
    // Node has no navigator.smartCard either.
    expect(smartCardAvailability(globalThis)).toEqual({ usable: false, reason: 'smartcard-api-missing' });
  });

  it('an insecure context is named as such', () => {
    expect(smartCardAvailability({ navigator: {}, isSecureContext: false })).toEqual({ usable: false, reason: 'insecure-context' });
  });
});

describe('webNfcStatus', () => {
  it('NDEFReader present → present but cannot read the card (NDEF only)', () => {
    expect(webNfcStatus({ NDEFReader: class {} })).toEqual({ present: true, canReadCard: false, reason: 'web-nfc-ndef-only' });
  });

  it('absent without a constructor, or when reading it throws', () => {
    expect(webNfcStatus({})).toEqual({ present: false, canReadCard: false, reason: 'web-nfc-absent' });
    expect(webNfcStatus({ NDEFReader: {} }).reason).toBe('web-nfc-absent');
    expect(webNfcStatus(undefined).reason).toBe('web-nfc-absent');
    const hostile = Object.defineProperty({}, 'NDEFReader', {
      get() {
        throw new Error('no');
      },
    });
    expect(webNfcStatus(hostile).reason).toBe('web-nfc-absent');
    expect(webNfcStatus(globalThis).reason).toBe('web-nfc-absent');
  });
});

describe('toSmartCardApiError', () => {
  it('maps every SmartCardResponseCode of the spec to a reason', () => {
    const expected: Record<string, SmartCardApiReason> = {
      'no-service': 'pcsc-unavailable',
      'no-smartcard': 'no-card',
      'not-ready': 'pcsc-failure',
      'not-transacted': 'pcsc-failure',
      'proto-mismatch': 'card-unsupported',
      'reader-unavailable': 'reader-removed',
      'removed-card': 'card-removed',
      'reset-card': 'card-reset',
      'server-too-busy': 'pcsc-busy',
      'sharing-violation': 'reader-busy',
      'system-cancelled': 'pcsc-failure',
      'unknown-reader': 'reader-removed',
      'unpowered-card': 'card-unresponsive',
      'unresponsive-card': 'card-unresponsive',
      'unsupported-card': 'card-unsupported',
      'unsupported-feature': 'card-unsupported',
    };
    expect(Object.keys(expected).sort()).toEqual([...SMART_CARD_RESPONSE_CODES].sort());
    for (const code of SMART_CARD_RESPONSE_CODES) {
      const e = toSmartCardApiError(Object.assign(new DOMException('x', 'SmartCardError'), { responseCode: code }), 'transmit');
      expect([e.reason, e.responseCode], code).toEqual([expected[code], code]);
    }
  });

  it('reads DOMException names by operation; anything else is pcsc-failure', () => {
    const dom = (name: string) => new DOMException('x', name);
    expect(toSmartCardApiError(dom('NotAllowedError'), 'connect').reason).toBe('permission-denied');
    expect(toSmartCardApiError(dom('SecurityError'), 'establish-context').reason).toBe('policy-blocked');
    expect(toSmartCardApiError(dom('InvalidStateError'), 'establish-context').reason).toBe('pcsc-unavailable');
    expect(toSmartCardApiError(dom('InvalidStateError'), 'transmit').reason).toBe('pcsc-failure');
    expect(toSmartCardApiError(dom('UnknownError'), 'transmit').reason).toBe('pcsc-failure');
    expect(toSmartCardApiError(new TypeError('bad'), 'transmit').reason).toBe('pcsc-failure');
    expect(toSmartCardApiError('a string', 'transmit').reason).toBe('pcsc-failure');
    expect(toSmartCardApiError(Object.assign(new DOMException('x', 'SmartCardError'), { responseCode: 'made-up' }), 'transmit').reason).toBe('pcsc-failure');
  });
});

describe('chooseReader', () => {
  it('skips SAM slots unless a reader is named', () => {
    expect(chooseReader(['X SAM 0', 'X PICC 0'])).toBe('X PICC 0');
    expect(chooseReader(['X SAM 0'])).toBe('X SAM 0');
    expect(chooseReader([])).toBeUndefined();
    expect(chooseReader(['A', 'B'], 'B')).toBe('B');
    expect(chooseReader(['A'], 'B')).toBeUndefined();
  });
});
