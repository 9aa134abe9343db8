/**
 * Can this page use a CCID reader over WebUSB at all? Answered without prompting the user and
 * without touching a device, so the kiosk can hide the option (and say why) up front.
 *
 * Chrome lets a document claim a Smart Card class (0x0B) interface only when it may use the
 * "usb-unrestricted" permissions-policy feature, which only Isolated Web Apps can be granted
 * (manifest `permissions_policy: { "usb-unrestricted": ["self"] }`), or when the embedder lifts
 * the protected classes (Electron `setUSBProtectedClassesHandler`, Chrome Apps) — reference
 * browser-readers.md §1.1, §1.2.
 *
 * The rule, in order (each step configurable through the environment and options):
 *   1. no `navigator.usb`                                       → 'webusb-unavailable'
 *   2. `options.protectedClassAllowed` (the deployment says so: an Electron shell that installs
 *      the handler, a Chrome App)                               → usable ('declared')
 *   3. `document.permissionsPolicy ?? document.featurePolicy`
 *      `.allowsFeature('usb-unrestricted')` is true              → usable ('usb-unrestricted')
 *   4. `crossOriginIsolated` is not true                        → 'not-isolated-context'
 *   5. otherwise (isolated, but the feature is not allowed)     → 'usb-unrestricted-not-granted'
 *
 * UNCONFIRMED: that Chrome reports allowsFeature('usb-unrestricted') === true inside an IWA whose
 * manifest grants it (the WPT test `isolated-permissions-policy/feature-policy-features-listing`
 * shows the extra features are listed only in isolated contexts). There is no JS attribute that
 * says "isolated context" (WICG/isolated-web-apps isolated-contexts.bs only defines the
 * [IsolatedContext] IDL attribute), and an IWA is always cross-origin isolated, so step 4 uses
 * `crossOriginIsolated` only as a necessary condition. Electron is not sniffed from the user
 * agent: only the shell knows whether it installed the handler, so it must declare it (step 2).
 * An answer of "usable" is a forecast; claimInterface() remains the judge
 * ('protected-class-blocked').
 */
import type { CcidAccessReason } from './ccid-access-error';

export const USB_UNRESTRICTED_FEATURE = 'usb-unrestricted';

interface PolicyLike {
  allowsFeature(feature: string): boolean;
}

/**
 * The parts of `globalThis` the check reads: `navigator.usb`, `document.permissionsPolicy` /
 * `document.featurePolicy` (not in lib.dom, hence `object`) and `crossOriginIsolated`. Pass
 * globalThis itself in a page.
 */
export interface CcidAvailabilityEnvironment {
  readonly navigator?: object;
  readonly document?: object;
  readonly crossOriginIsolated?: boolean;
}

interface PolicyHolder {
  readonly permissionsPolicy?: PolicyLike;
  readonly featurePolicy?: PolicyLike;
}

export interface CcidAvailabilityOptions {
  /** The deployment lifts Chrome's protected classes (Electron handler, Chrome App). Default false. */
  readonly protectedClassAllowed?: boolean;
}

export type CcidUnavailableReason = Extract<CcidAccessReason, 'webusb-unavailable' | 'not-isolated-context' | 'usb-unrestricted-not-granted'>;

export type CcidAvailability =
  | { readonly usable: true; readonly basis: 'declared' | 'usb-unrestricted' }
  | { readonly usable: false; readonly reason: CcidUnavailableReason };

function allowsUnrestricted(env: CcidAvailabilityEnvironment): boolean {
  const doc = env.document as PolicyHolder | undefined;
  const policy = doc?.permissionsPolicy ?? doc?.featurePolicy;
  if (!policy || typeof policy.allowsFeature !== 'function') return false;
  try {
    return policy.allowsFeature(USB_UNRESTRICTED_FEATURE) === true;
  } catch {
    // An engine that does not know the feature may throw instead of answering false.
    return false;
  }
}

export function ccidAvailability(
  env: CcidAvailabilityEnvironment = globalThis,
  options: CcidAvailabilityOptions = {},
): CcidAvailability {
  if (!(env.navigator as { readonly usb?: unknown } | undefined)?.usb) return { usable: false, reason: 'webusb-unavailable' };
  if (options.protectedClassAllowed === true) return { usable: true, basis: 'declared' };
  if (allowsUnrestricted(env)) return { usable: true, basis: 'usb-unrestricted' };
  if (env.crossOriginIsolated !== true) return { usable: false, reason: 'not-isolated-context' };
  return { usable: false, reason: 'usb-unrestricted-not-granted' };
}
