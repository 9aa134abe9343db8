/**
 * Text fields of the residence card: UTF-8 without BOM (§3.3.4: "文字の符号化方式は UTF-8"),
 * padded with 00 to the field's maximum. Text a card holds may be unsafe to show (control,
 * bidirectional or invisible characters): it is returned with a flag rather than refused, so
 * the verifier can withhold it with its own reason and still report the rest of the card.
 */
import { findUnsafeText } from '../../mynumber/records/unsafe-text';
import { ResidenceCardError } from '../residence-card-error';
import { withoutTrailingNulls } from './rc-tlv';

export interface CardText {
  readonly text: string;
  /** Contains characters that change or hide what is shown; never display it as is. */
  readonly unsafe: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function cardText(value: Uint8Array, file: string, offset: number): CardText {
  const bytes = withoutTrailingNulls(value);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new ResidenceCardError('rc-record-malformed', `${file}: text starts with a byte-order mark`, offset);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ResidenceCardError('rc-record-malformed', `${file}: text is not UTF-8`, offset);
  }
  return { text, unsafe: findUnsafeText(text) !== undefined };
}
