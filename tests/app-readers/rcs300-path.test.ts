/**
 * The RC-S300 on the reader-choice list (issue 13): usable wherever WebUSB is (a secure page),
 * opened from a remembered device without a chooser, and labelled with its product name.
 */
import { describe, expect, it } from 'vitest';
import { detectReaderPaths, openReaderPath } from '../../src/app/readers/reader-paths';
import { DEFAULT_SETTINGS } from '../../src/app/store/settings';
import { Rcs300Emulator } from '../../src/sim/readers/rcs300-emulator';
import { Rcs380Emulator } from '../../src/sim/readers/rcs380-emulator';
import { ReaderAccessError } from '../../src/transport/webusb/reader-access-error';
import { defaultCard } from '../transport-conformance/helpers';

function page(usb: unknown, secure = true): typeof globalThis {
  return { navigator: { usb }, isSecureContext: secure } as unknown as typeof globalThis;
}

describe('reader path webusb-rcs300', () => {
  it('is listed usable on a secure page with WebUSB, and explained elsewhere', () => {
    const usb = new Rcs300Emulator().usb;
    const here = detectReaderPaths({ settings: DEFAULT_SETTINGS, demo: undefined, global: page(usb) });
    expect(here.find((p) => p.id === 'webusb-rcs300')).toEqual({ id: 'webusb-rcs300', usable: true });
    const insecure = detectReaderPaths({ settings: DEFAULT_SETTINGS, demo: undefined, global: page(usb, false) });
    expect(insecure.find((p) => p.id === 'webusb-rcs300')).toEqual({ id: 'webusb-rcs300', usable: false, reason: 'webusb-unavailable' });
    const ids = here.map((p) => p.id);
    expect(ids.indexOf('webusb-rcs300')).toBe(ids.indexOf('webusb-port100') + 1);
  });

  it('opens a remembered RC-S300 without a chooser and reports a card on it', async () => {
    const emulator = new Rcs300Emulator({ granted: true });
    const ctx = { settings: DEFAULT_SETTINGS, demo: undefined, global: page(emulator.usb), interactive: false, nfcPrompt: '' };
    const opened = await openReaderPath('webusb-rcs300', ctx);
    try {
      expect(opened.path).toBe('webusb-rcs300');
      expect(opened.label).toBe('RC-S300/P');
      const present = new Promise<void>((resolve) => opened.transport.onEvent((e) => e.type === 'card-present' && resolve()));
      emulator.placeCard(await defaultCard());
      await present;
    } finally {
      await opened.close();
    }
  });

  it('no remembered RC-S300: no-reader (a remembered RC-S380 does not count)', async () => {
    const emulator = new Rcs380Emulator({ granted: true });
    const ctx = { settings: DEFAULT_SETTINGS, demo: undefined, global: page(emulator.usb), interactive: false, nfcPrompt: '' };
    const e = await openReaderPath('webusb-rcs300', ctx).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ReaderAccessError);
    expect((e as ReaderAccessError).reason).toBe('no-reader');
  });
});
