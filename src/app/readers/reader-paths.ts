/**
 * Which reader paths this browser can use, and opening one (issue 5 §7). Loaded with the kiosk
 * runtime, never on the first screen. Detection never prompts; opening may show the browser's
 * device chooser when `interactive` (a staff member's click — WebUSB needs a user gesture).
 */
import type { CardTransport } from '../../transport/card-transport';
import { BridgeTransport } from '../../transport/bridge/bridge-transport';
import { BridgeError } from '../../transport/bridge/bridge-error';
import { isPairingToken } from '../../transport/bridge/bridge-auth';
import { TransportError } from '../../transport/card-transport';
import { rememberedPort100Devices, requestPort100Device } from '../../transport/webusb-port100/port100-device-access';
import { ReaderAccessError } from '../../transport/webusb/reader-access-error';
import { WebUsbPort100Transport } from '../../transport/webusb-port100/webusb-port100-transport';
import { rememberedRcs300Devices, requestRcs300Device } from '../../transport/webusb-rcs300/rcs300-device-access';
import { WebUsbRcs300Transport } from '../../transport/webusb-rcs300/webusb-rcs300-transport';
import type { UsbDeviceLike, UsbLike } from '../../transport/webusb/webusb-types';
import { ccidAvailability } from '../../transport/webusb-ccid/ccid-availability';
import { CcidAccessError } from '../../transport/webusb-ccid/ccid-access-error';
import { rememberedCcidDevices, requestCcidDevice } from '../../transport/webusb-ccid/ccid-device-access';
import { WebUsbCcidTransport } from '../../transport/webusb-ccid/webusb-ccid-transport';
import { smartCardAvailability } from '../../transport/smartcard-api/smartcard-availability';
import { nativeAvailability } from '../../transport/native/native-availability';
import { webNfcStatus } from '../../transport/web-nfc';
import { SmartCardApiTransport } from '../../transport/smartcard-api/smartcard-api-transport';
import { NativeTransport } from '../../transport/native/native-transport';
import type { DemoWorld } from '../demo/demo-world';
import type { KioskSettings } from '../store/settings';
import type { ReaderPathId } from './reader-path-ids';

/** Whether a path can be used here, and if not, the stable reason the UI explains. */
export type ReaderPathStatus = { readonly id: ReaderPathId; readonly usable: true } | { readonly id: ReaderPathId; readonly usable: false; readonly reason: string };

export interface ReaderPathContext {
  readonly settings: KioskSettings;
  /** Text for the phone's NFC sheet (iOS), in the kiosk's language. */
  readonly nfcPrompt: string;
  readonly demo: DemoWorld | undefined;
  /** A staff member's click: the browser's device chooser may be shown. */
  readonly interactive: boolean;
  readonly global: typeof globalThis;
}

export interface OpenedReader {
  readonly path: ReaderPathId;
  readonly transport: CardTransport;
  /** What to call the reader on screen (product or PC/SC name), when known. */
  readonly label: string | undefined;
  close(): Promise<void>;
}

function navigatorOf(g: typeof globalThis): Record<string, unknown> | undefined {
  return (g as unknown as { navigator?: Record<string, unknown> }).navigator;
}

function webUsb(g: typeof globalThis): UsbLike | undefined {
  const usb = navigatorOf(g)?.usb;
  return usb && typeof usb === 'object' ? (usb as UsbLike) : undefined;
}

export function detectReaderPaths(ctx: Omit<ReaderPathContext, 'interactive' | 'nfcPrompt'>): ReaderPathStatus[] {
  const g = ctx.global;
  const secure = (g as unknown as { isSecureContext?: boolean }).isSecureContext === true;
  const ccid = ccidAvailability(g);
  const smartCard = smartCardAvailability(g);
  const native = nativeAvailability(g);
  return [
    ctx.demo ? { id: 'demo', usable: true } : { id: 'demo', usable: false, reason: 'demo-not-built' },
    webUsb(g) && secure ? { id: 'webusb-port100', usable: true } : { id: 'webusb-port100', usable: false, reason: 'webusb-unavailable' },
    // The RC-S300's vendor interface is not a protected class: any secure page, like the RC-S380.
    webUsb(g) && secure ? { id: 'webusb-rcs300', usable: true } : { id: 'webusb-rcs300', usable: false, reason: 'webusb-unavailable' },
    ccid.usable ? { id: 'webusb-ccid', usable: true } : { id: 'webusb-ccid', usable: false, reason: ccid.reason },
    smartCard.usable ? { id: 'smartcard-api', usable: true } : { id: 'smartcard-api', usable: false, reason: smartCard.reason },
    isPairingToken(ctx.settings.bridgePairingToken) ? { id: 'bridge', usable: true } : { id: 'bridge', usable: false, reason: 'pairing-missing' },
    native.usable ? { id: 'native', usable: true } : { id: 'native', usable: false, reason: native.reason },
  ];
}

/** Web NFC is never a reader path (NDEF only, browser-readers.md §5); say so when it is there. */
export function webNfcPresence(g: typeof globalThis): 'present' | 'absent' {
  return webNfcStatus(g).present ? 'present' : 'absent';
}

/** A Sony reader on its vendor interface (RC-S380, RC-S300): the card link runs on this page. */
interface SonyUsbPath {
  readonly path: 'webusb-port100' | 'webusb-rcs300';
  readonly model: string;
  request(usb: UsbLike): Promise<UsbDeviceLike>;
  remembered(usb: UsbLike): Promise<UsbDeviceLike[]>;
  transport(usb: UsbLike, device: UsbDeviceLike): CardTransport & { openReader(device: UsbDeviceLike): Promise<unknown>; startPolling(): void; close(): Promise<void> };
}

const PORT100_PATH: SonyUsbPath = {
  path: 'webusb-port100',
  model: 'RC-S380',
  request: requestPort100Device,
  remembered: rememberedPort100Devices,
  transport: (usb, device) => new WebUsbPort100Transport(usb, { device }),
};

const RCS300_PATH: SonyUsbPath = {
  path: 'webusb-rcs300',
  model: 'RC-S300',
  request: requestRcs300Device,
  remembered: rememberedRcs300Devices,
  transport: (usb, device) => new WebUsbRcs300Transport(usb, { device }),
};

async function openSonyReader(ctx: ReaderPathContext, sony: SonyUsbPath): Promise<OpenedReader> {
  const usb = webUsb(ctx.global);
  if (!usb) throw new ReaderAccessError('unsupported', 'webusb-unavailable', 'WebUSB is not available in this browser');
  const device = ctx.interactive ? await sony.request(usb) : (await sony.remembered(usb))[0];
  if (!device) throw new ReaderAccessError('reader-unplugged', 'no-reader', `No ${sony.model} this kiosk was given is plugged in`);
  const transport = sony.transport(usb, device);
  await transport.openReader(device);
  transport.startPolling();
  return { path: sony.path, transport, label: device.productName ?? sony.model, close: () => transport.close() };
}

async function openCcid(ctx: ReaderPathContext): Promise<OpenedReader> {
  const usb = webUsb(ctx.global);
  if (!usb) throw new CcidAccessError('unsupported', 'webusb-unavailable', 'WebUSB is not available in this browser');
  const device = ctx.interactive ? await requestCcidDevice(usb) : (await rememberedCcidDevices(usb))[0];
  if (!device) throw new CcidAccessError('reader-unplugged', 'no-reader', 'No CCID reader this kiosk was given is plugged in');
  const transport = new WebUsbCcidTransport(usb, { device });
  await transport.openReader(device);
  // Readers without an interrupt endpoint report card changes only when asked.
  if (!transport.watchingInterrupt) transport.startPolling();
  return { path: 'webusb-ccid', transport, label: device.productName ?? undefined, close: () => transport.close() };
}

async function openSmartCardApi(ctx: ReaderPathContext): Promise<OpenedReader> {
  const transport = SmartCardApiTransport.fromGlobal(ctx.global);
  const name = await transport.openReader();
  transport.startMonitoring();
  return { path: 'smartcard-api', transport, label: name, close: () => transport.close() };
}

/**
 * The phone shell looks for a card only during a session, so there is no card-present event
 * before connect(): the kiosk starts the NFC sheet itself (app-store `scanCard`).
 */
function openNative(ctx: ReaderPathContext): OpenedReader {
  const transport = NativeTransport.fromGlobal(ctx.global, { alertMessage: ctx.nfcPrompt });
  return { path: 'native', transport, label: transport.platform, close: () => transport.close() };
}

async function openBridge(ctx: ReaderPathContext): Promise<OpenedReader> {
  const origin = (ctx.global as unknown as { location?: { origin?: string } }).location?.origin;
  if (!origin) throw new BridgeError('unsupported', 'bridge-unreachable', 'No page origin');
  const transport = await BridgeTransport.open({ url: ctx.settings.bridgeUrl, token: ctx.settings.bridgePairingToken, origin });
  return {
    path: 'bridge',
    transport,
    label: transport.readerName(),
    close: async () => transport.close(),
  };
}

/** Open `path`. Rejects only with TransportError subclasses carrying a reason where one exists. */
export async function openReaderPath(path: ReaderPathId, ctx: ReaderPathContext): Promise<OpenedReader> {
  switch (path) {
    case 'demo':
      if (!ctx.demo) throw new TransportError('unsupported', 'This build has no simulated reader');
      return { path, transport: ctx.demo.transport, label: undefined, close: async () => undefined };
    case 'webusb-port100':
      return openSonyReader(ctx, PORT100_PATH);
    case 'webusb-rcs300':
      return openSonyReader(ctx, RCS300_PATH);
    case 'webusb-ccid':
      return openCcid(ctx);
    case 'smartcard-api':
      return openSmartCardApi(ctx);
    case 'bridge':
      return openBridge(ctx);
    case 'native':
      return openNative(ctx);
  }
}
