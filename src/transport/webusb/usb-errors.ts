/**
 * WebUSB rejections as TransportErrors. Chrome rejects with DOMExceptions (WICG/webusb
 * index.bs): NetworkError / NotFoundError once the device is gone, InvalidStateError / AbortError
 * once it is closed (close() aborts pending transfers), anything else is the reader's or the
 * browser's failure.
 */
import { TransportError } from '../card-transport';

/** The DOMException name of a WebUSB rejection ('NetworkError', 'SecurityError', …), if any. */
export function usbErrorName(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'name' in e && typeof (e as { name: unknown }).name === 'string') {
    return (e as { name: string }).name;
  }
  return undefined;
}

/** Map a WebUSB rejection during a transfer (`what`: 'transferIn', 'controlTransferIn', …). */
export function transferError(e: unknown, what: string): TransportError {
  if (e instanceof TransportError) return e;
  const name = usbErrorName(e);
  if (name === 'NetworkError' || name === 'NotFoundError') {
    return new TransportError('reader-unplugged', `The reader was unplugged (${what}: ${name})`, { cause: e });
  }
  if (name === 'InvalidStateError' || name === 'AbortError') {
    return new TransportError('not-connected', `The reader is closed (${what}: ${name})`, { cause: e });
  }
  return new TransportError('protocol', `USB ${what} failed${name ? ` (${name})` : ''}`, { cause: e });
}

/** True for the failures after which the device object is of no further use. */
export function endsTheLink(error: TransportError): boolean {
  return error.code === 'reader-unplugged' || error.code === 'not-connected';
}
