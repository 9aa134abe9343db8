/**
 * Command APDU encoding and decoding, ISO/IEC 7816-4 §5.1 (the four cases, short and extended
 * length fields). The card supports extended length (spec §5.1, §5.2) but some reader paths do
 * not, so callers choose 'short', 'extended' or 'auto'.
 */
import { concatBytes, readU16be, u16be } from '../bytes/byte-ops';
import { ApduError } from './apdu-error';

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Nc = data.length (1..65535); absent or empty = no command data. */
  readonly data?: Uint8Array;
  /** Ne, 1..65536; undefined = no response data expected. */
  readonly le?: number;
}

/** ISO 7816-4 cases: 1 no data/no Le, 2 Le only, 3 data only, 4 data and Le. */
export type ApduCase = 1 | 2 | 3 | 4;
export type LengthEncoding = 'short' | 'extended' | 'auto';

export interface DecodedCommand extends CommandApdu {
  readonly case: ApduCase;
  /** True when the length fields used the extended (3-byte / 2-byte) form. */
  readonly extended: boolean;
}

const SHORT_MAX_NC = 255;
const SHORT_MAX_NE = 256;
const EXTENDED_MAX_NC = 65535;
const EXTENDED_MAX_NE = 65536;

export function apduCase(cmd: CommandApdu): ApduCase {
  const hasData = cmd.data !== undefined && cmd.data.length > 0;
  const hasLe = cmd.le !== undefined;
  if (hasData) return hasLe ? 4 : 3;
  return hasLe ? 2 : 1;
}

function isByte(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xff;
}

/** Rejects anything that no encoding could carry; returns Nc. */
function validate(cmd: CommandApdu): number {
  for (const field of ['cla', 'ins', 'p1', 'p2'] as const) {
    if (!isByte(cmd[field])) {
      throw new ApduError('apdu-invalid-command', `${field.toUpperCase()} must be an integer 0..255`);
    }
  }
  if (cmd.data !== undefined && !(cmd.data instanceof Uint8Array)) {
    throw new ApduError('apdu-invalid-command', 'command data must be a Uint8Array');
  }
  const nc = cmd.data?.length ?? 0;
  if (nc > EXTENDED_MAX_NC) {
    throw new ApduError('apdu-invalid-command', `Nc ${nc} exceeds ${EXTENDED_MAX_NC}`);
  }
  const le = cmd.le;
  if (le !== undefined && !(Number.isInteger(le) && le >= 1 && le <= EXTENDED_MAX_NE)) {
    throw new ApduError('apdu-invalid-command', `Ne must be an integer 1..${EXTENDED_MAX_NE}`);
  }
  return nc;
}

/** Short Le byte: 00 stands for 256 (ISO 7816-4 §5.1). */
function shortLe(ne: number): Uint8Array {
  return Uint8Array.of(ne === SHORT_MAX_NE ? 0 : ne);
}

/** Two-byte extended Le: 0000 stands for 65536. */
function extendedLe(ne: number): Uint8Array {
  return u16be(ne === EXTENDED_MAX_NE ? 0 : ne);
}

export function encodeCommand(cmd: CommandApdu, encoding: LengthEncoding = 'auto'): Uint8Array {
  const nc = validate(cmd);
  const ne = cmd.le;
  const fitsShort = nc <= SHORT_MAX_NC && (ne === undefined || ne <= SHORT_MAX_NE);
  let extended: boolean;
  if (encoding === 'short') {
    if (!fitsShort) {
      throw new ApduError(
        'apdu-too-long-for-short',
        `Nc ${nc} / Ne ${ne ?? 0} do not fit short length fields (max 255 / 256)`,
      );
    }
    extended = false;
  } else if (encoding === 'extended') {
    extended = true;
  } else if (encoding === 'auto') {
    extended = !fitsShort;
  } else {
    throw new ApduError('apdu-invalid-command', 'unknown length encoding');
  }

  const header = Uint8Array.of(cmd.cla, cmd.ins, cmd.p1, cmd.p2);
  const data = nc > 0 ? cmd.data! : undefined;
  switch (apduCase(cmd)) {
    case 1:
      return header;
    case 2:
      // 2E: Le field is 00 followed by two bytes.
      return extended ? concatBytes(header, Uint8Array.of(0), extendedLe(ne!)) : concatBytes(header, shortLe(ne!));
    case 3:
      return extended
        ? concatBytes(header, Uint8Array.of(0), u16be(nc), data!)
        : concatBytes(header, Uint8Array.of(nc), data!);
    case 4:
      // 4E: the leading 00 belongs to Lc only; Le is the bare two bytes after the data.
      return extended
        ? concatBytes(header, Uint8Array.of(0), u16be(nc), data!, extendedLe(ne!))
        : concatBytes(header, Uint8Array.of(nc), data!, shortLe(ne!));
  }
}

/**
 * Parses a command APDU as a card would (ISO 7816-4 §5.1 decoding rules on the length L and
 * the fifth byte B5). The offset in an error names the field whose value is inconsistent with
 * the total length: 0 for a short header, 4 for an Lc/extended-length field, or the first
 * byte after where the command should have ended.
 */
export function decodeCommand(bytes: Uint8Array): DecodedCommand {
  const n = bytes.length;
  if (n < 4) {
    throw new ApduError('apdu-invalid-command', `command APDU needs a 4-byte header, got ${n} bytes`, 0);
  }
  const head = { cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]! };
  if (n === 4) return { ...head, case: 1, extended: false };

  const b5 = bytes[4]!;
  if (n === 5) return { ...head, le: b5 === 0 ? SHORT_MAX_NE : b5, case: 2, extended: false };

  if (b5 !== 0) {
    // Short Lc = B5, data, then optionally one Le byte.
    const end = 5 + b5;
    if (n < end) {
      throw new ApduError('apdu-invalid-command', `short Lc announces ${b5} data bytes but ${n - 5} follow`, 4);
    }
    const data = bytes.slice(5, end);
    if (n === end) return { ...head, data, case: 3, extended: false };
    if (n === end + 1) {
      const le = bytes[end]!;
      return { ...head, data, le: le === 0 ? SHORT_MAX_NE : le, case: 4, extended: false };
    }
    throw new ApduError('apdu-invalid-command', 'unexpected bytes after the short Le field', end + 1);
  }

  // B5 = 00 with more bytes: extended length field 00 hi lo.
  if (n < 7) {
    throw new ApduError('apdu-invalid-command', 'extended length field 00 hi lo is cut short', 4);
  }
  const v = readU16be(bytes, 5);
  if (n === 7) return { ...head, le: v === 0 ? EXTENDED_MAX_NE : v, case: 2, extended: true };
  if (v === 0) {
    throw new ApduError('apdu-invalid-command', 'extended Lc 0000 is not allowed when data follows', 4);
  }
  const end = 7 + v;
  if (n < end) {
    throw new ApduError('apdu-invalid-command', `extended Lc announces ${v} data bytes but ${n - 7} follow`, 4);
  }
  const data = bytes.slice(7, end);
  if (n === end) return { ...head, data, case: 3, extended: true };
  if (n === end + 1) {
    throw new ApduError('apdu-invalid-command', 'extended Le needs 2 bytes after the data, got 1', end);
  }
  if (n === end + 2) {
    const le = readU16be(bytes, end);
    return { ...head, data, le: le === 0 ? EXTENDED_MAX_NE : le, case: 4, extended: true };
  }
  throw new ApduError('apdu-invalid-command', 'unexpected bytes after the extended Le field', end + 2);
}

function hexByte(n: unknown): string {
  return isByte(n) ? n.toString(16).toUpperCase().padStart(2, '0') : '??';
}

/** "00 B0 80 00": the header only, so logs can never leak a PIN from the data field. */
export function describeCommandHeader(cmd: { cla: number; ins: number; p1: number; p2: number }): string {
  return [cmd.cla, cmd.ins, cmd.p1, cmd.p2].map(hexByte).join(' ');
}
