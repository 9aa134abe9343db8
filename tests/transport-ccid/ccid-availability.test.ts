/**
 * ccidAvailability(): the rule the kiosk uses to offer (or explain away) the CCID-over-WebUSB path
 * without prompting. Environments are plain objects shaped like the parts of globalThis it reads.
 */
import { describe, expect, it } from 'vitest';
import { ccidAvailability } from '../../src/transport/webusb-ccid/ccid-availability';

const usb = {};
const policy = (allowed: readonly string[]) => ({ allowsFeature: (f: string) => allowed.includes(f) });

describe('ccidAvailability', () => {
  it('no navigator.usb → webusb-unavailable, whatever else holds', () => {
    expect(ccidAvailability({ navigator: {} })).toEqual({ usable: false, reason: 'webusb-unavailable' });
    expect(ccidAvailability({}, { protectedClassAllowed: true })).toEqual({ usable: false, reason: 'webusb-unavailable' });
  });

  it('an ordinary page or installed PWA (not cross-origin isolated) → not-isolated-context', () => {
    expect(ccidAvailability({ navigator: { usb }, crossOriginIsolated: false, document: { featurePolicy: policy(['usb']) } })).toEqual({
      usable: false,
      reason: 'not-isolated-context',
    });
    expect(ccidAvailability({ navigator: { usb } })).toEqual({ usable: false, reason: 'not-isolated-context' });
  });

  it('cross-origin isolated without usb-unrestricted → usb-unrestricted-not-granted', () => {
    expect(ccidAvailability({ navigator: { usb }, crossOriginIsolated: true, document: { featurePolicy: policy(['usb']) } })).toEqual({
      usable: false,
      reason: 'usb-unrestricted-not-granted',
    });
  });

  it('usb-unrestricted allowed (an IWA whose manifest grants it) → usable', () => {
    expect(ccidAvailability({ navigator: { usb }, crossOriginIsolated: true, document: { featurePolicy: policy(['usb', 'usb-unrestricted']) } })).toEqual({
      usable: true,
      basis: 'usb-unrestricted',
    });
    // The newer name of the same interface is preferred when both exist.
    expect(
      ccidAvailability({ navigator: { usb }, crossOriginIsolated: true, document: { permissionsPolicy: policy(['usb-unrestricted']), featurePolicy: policy([]) } }),
    ).toEqual({ usable: true, basis: 'usb-unrestricted' });
  });

  it('a policy object that throws on an unknown feature counts as "not allowed"', () => {
    const throwing = { allowsFeature: () => { throw new Error('unknown feature'); } };
    expect(ccidAvailability({ navigator: { usb }, crossOriginIsolated: true, document: { featurePolicy: throwing } })).toEqual({
      usable: false,
      reason: 'usb-unrestricted-not-granted',
    });
  });

  it('a deployment that lifts the protected classes itself (Electron handler) declares it', () => {
    expect(ccidAvailability({ navigator: { usb } }, { protectedClassAllowed: true })).toEqual({ usable: true, basis: 'declared' });
  });

  it('in Node (this test process) there is no navigator.usb', () => {
    expect(ccidAvailability()).toEqual({ usable: false, reason: 'webusb-unavailable' });
  });
});
