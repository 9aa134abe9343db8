/**
 * Evidence times are written in Japan Standard Time with the offset spelled out
 * (ux-and-anchors §3.5: "JST with UTC offset"), e.g. 2026-11-20T12:00:00.000+09:00. JST has
 * no daylight saving, so a fixed +9 h is exact.
 */
const JST_OFFSET_MS = 9 * 3600_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Throws RangeError for an invalid Date. */
export function toJstIso(at: Date | string | number): string {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new RangeError('toJstIso: invalid time');
  const j = new Date(ms + JST_OFFSET_MS);
  return (
    `${pad(j.getUTCFullYear(), 4)}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())}` +
    `T${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}:${pad(j.getUTCSeconds())}.${pad(j.getUTCMilliseconds(), 3)}+09:00`
  );
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch of an ISO 8601 time that carries a zone (Z or ±hh:mm); NaN otherwise. */
export function parseIsoInstant(s: string): number {
  return ISO_WITH_OFFSET.test(s) ? Date.parse(s) : Number.NaN;
}
