import type { CardField } from './card-geometry';
import { normaliseOcrLine, parseBirthDateLine, parseExpiryLine, parseSecurityCodeLine, type Parsed } from './code-b-text';
import type { FrameRead } from './consensus';
import { encodePgm, type FieldCrops } from './field-crops';

/**
 * The OCR engine behind one small interface, so the pipeline can be tested and benchmarked with
 * the real engine in Node and run in the kiosk with the same engine in a worker.
 */
export interface FieldRecognizer {
  /** Text of one field image (binary PGM). The engine must not keep the image. */
  recognize(field: CardField, pgm: Uint8Array): Promise<string>;
  /** Ends the engine and frees everything it holds (its copy of the last image included). */
  close(): Promise<void>;
}

/**
 * Engine settings per field: one text line each (PSM 7), and only the characters the card can
 * print there — digits only for the security code; digits plus the era names and 年月日生 /
 * まで有効 for the dates (the dates cannot be read digits-only: 元年 and the era are words).
 */
export const FIELD_CHARACTERS: Readonly<Record<CardField, string>> = {
  birthDate: '0123456789明治大正昭和平成令和元年月日生',
  expiry: '0123456789年月日まで有効',
  securityCode: '0123456789',
};

/** Tesseract page-segmentation mode 7: "treat the image as a single text line". */
export const PSM_SINGLE_LINE = '7';

/** Settings only Tesseract's init reads: no dictionaries (numbers are not words). */
export const TESSERACT_INIT_CONFIG: Readonly<Record<string, string>> = {
  load_system_dawg: '0',
  load_freq_dawg: '0',
};

/**
 * Recognise the crops of one frame and parse each line; pixels are wiped afterwards. A line whose
 * crops (one per scale) do not all read the same is refused as 'disagree' — never voted on.
 */
export async function readFields(crops: FieldCrops, recognizer: FieldRecognizer): Promise<FrameRead> {
  const text = async (field: CardField): Promise<Parsed<string>> => {
    const texts: string[] = [];
    try {
      for (const crop of crops[field]) {
        const pgm = encodePgm(crop);
        try {
          texts.push(await recognizer.recognize(field, pgm));
        } finally {
          pgm.fill(0);
          crop.pixels.fill(0);
        }
        // Stop at the first disagreement: the line is refused anyway.
        if (normaliseOcrLine(texts[texts.length - 1]!) !== normaliseOcrLine(texts[0]!)) return { ok: false, reason: 'disagree' };
      }
    } finally {
      for (const crop of crops[field]) crop.pixels.fill(0);
    }
    return texts.length ? { ok: true, value: texts[0]! } : { ok: false, reason: 'empty' };
  };
  const parse = <T>(t: Parsed<string>, parser: (s: string) => Parsed<T>): Parsed<T> => (t.ok ? parser(t.value) : t);
  const birth = await text('birthDate');
  const expiry = await text('expiry');
  const code = await text('securityCode');
  return { birthDate: parse(birth, parseBirthDateLine), expiry: parse(expiry, parseExpiryLine), securityCode: parse(code, parseSecurityCodeLine) };
}
