import type { PersonProfile } from './card-profile';

/**
 * The name as the card holds it. For a foreign resident with a 通称 the simulator appends the
 * alias in full-width parentheses; how real cards lay out the alias is UNCONFIRMED (spec §4.5).
 */
export function cardName(person: PersonProfile): string {
  return person.alias ? `${person.name}（${person.alias}）` : person.name;
}

/** JPKI sex code (1 男, 2 女, 3 不明) from the text-AP code (spec §3.2, §4.5). */
export function jpkiSexCode(sex: PersonProfile['sex']): '1' | '2' | '3' {
  return sex === '1' ? '1' : sex === '2' ? '2' : '3';
}
