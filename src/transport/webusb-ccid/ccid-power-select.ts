/**
 * Which bPowerSelect values IccPowerOn tries, in order (CCID rev 1.1 §6.1.1: 00 automatic,
 * 01 5.0 V, 02 3.0 V, 03 1.8 V), from the reader's class descriptor (§5.1):
 *
 * - dwFeatures bit 0x08 "automatic ICC voltage selection" → 00 only (libccid
 *   `src/commands.c` CmdPowerOn: CCID_CLASS_AUTO_VOLTAGE);
 * - otherwise 5 V, then 3 V, then 1.8 V in turn, each only if bVoltageSupport (bit 0 5 V,
 *   bit 1 3 V, bit 2 1.8 V) lists it; none listed → 00 (libccid skips voltages the reader does
 *   not list in the same order, and falls back to automatic). When a power-on fails with the
 *   card present (mute, bad ATR, class not supported, a refused bPowerSelect), the next value
 *   is tried (reference updates-2026-12.md §5).
 *
 * Some readers do not advertise automatic voltage (the ACR122U: dwFeatures 0x00020040). A
 * reader whose features are unknown (no descriptor, not in the table) gets the 5/3/1.8 V order
 * too. Contactless readers ignore the voltage; contact readers and cards are where it matters.
 * Note: libccid's own retry after a failure steps from the configured voltage towards 5 V
 * (it starts at 5 V by default, so in practice it does not retry); the order above is the
 * project's choice, configurable through `powerSelect`.
 */
import type { PowerSelect } from './ccid-message';

export const CCID_FEATURE_AUTO_VOLTAGE = 0x0000_0008;

const VOLTAGE_ORDER: readonly { readonly select: PowerSelect; readonly bit: number }[] = [
  { select: 1, bit: 0x01 },
  { select: 2, bit: 0x02 },
  { select: 3, bit: 0x04 },
];

export function powerSelectOrder(reader: { readonly features?: number; readonly voltageSupport?: number }): PowerSelect[] {
  if (reader.features !== undefined && (reader.features & CCID_FEATURE_AUTO_VOLTAGE) !== 0) return [0];
  const listed = reader.voltageSupport;
  const order = VOLTAGE_ORDER.filter((v) => listed === undefined || listed === 0 || (listed & v.bit) !== 0).map((v) => v.select);
  return order.length > 0 ? order : [0];
}
