import type { CheckId } from './check-catalogue';
import { check, type Check } from './report';

/** One source's view of the holder, in the shape the cross-checks compare. */
export interface AttributeSource {
  readonly source: 'text-ap' | 'card-face' | 'age-record' | 'jpki-sign';
  readonly name?: string;
  /** Per code point of `name`: true where JPKI used a substitute character (spec §4.5). */
  readonly nameSubstituted?: readonly boolean[];
  readonly address?: string;
  readonly addressSubstituted?: readonly boolean[];
  /** ISO date, or undefined when this source does not hold it (or holds an unknown date). */
  readonly birthDate?: string;
  /** Normalised: 'male' | 'female' | other values compare as themselves. */
  readonly sex?: string;
}

/**
 * Characters allowed to differ where the JPKI certificate marks a substitute: the certificate
 * replaces characters outside JIS with a 代替文字, so only flagged positions may differ, and the
 * lengths (in code points) must agree.
 */
function sameWithSubstitutes(a: string, b: string, substituted: readonly boolean[] | undefined): boolean {
  const ca = [...a.normalize('NFC')];
  const cb = [...b.normalize('NFC')];
  if (ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) {
    if (ca[i] === cb[i]) continue;
    if (!substituted?.[i]) return false;
  }
  return true;
}

function compare(
  id: CheckId,
  sources: readonly AttributeSource[],
  pick: (s: AttributeSource) => string | undefined,
  equal: (a: AttributeSource, b: AttributeSource) => boolean,
  now: Date,
): Check {
  const present = sources.filter((s) => pick(s) !== undefined);
  if (present.length < 2) return check(id, 'skipped', 'not-read', undefined, now);
  const first = present[0]!;
  const disagreeing = present.slice(1).filter((s) => !equal(first, s));
  if (disagreeing.length === 0) return check(id, 'pass', 'ok', `${present.map((s) => s.source).join(' = ')}`, now);
  // Name the sources, never the values: the detail may be logged.
  return check(id, 'fail', 'cross-mismatch', `${first.source} ≠ ${disagreeing.map((s) => s.source).join(', ')}`, now);
}

/** Cross-checks between every source that was read (issue: birth date, sex, name, address). */
export function crossCheck(sources: readonly AttributeSource[], now: Date = new Date()): Check[] {
  const substitutesOf = (a: AttributeSource, b: AttributeSource, f: 'nameSubstituted' | 'addressSubstituted') => a[f] ?? b[f];
  return [
    compare('cross.birth-date', sources, (s) => s.birthDate, (a, b) => a.birthDate === b.birthDate, now),
    compare('cross.sex', sources, (s) => s.sex, (a, b) => a.sex === b.sex, now),
    compare('cross.name', sources, (s) => s.name, (a, b) => sameWithSubstitutes(a.name!, b.name!, substitutesOf(a, b, 'nameSubstituted')), now),
    compare(
      'cross.address',
      sources,
      (s) => s.address,
      (a, b) => sameWithSubstitutes(a.address!, b.address!, substitutesOf(a, b, 'addressSubstituted')),
      now,
    ),
  ];
}
