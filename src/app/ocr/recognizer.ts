import type { CardField } from './card-geometry';
import { parseBirthDateLine, parseExpiryLine, parseSecurityCodeLine } from './code-b-text';
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

/** Recognise the three crops of one frame and parse each line (pixels wiped afterwards). */
export async function readFields(crops: FieldCrops, recognizer: FieldRecognizer): Promise<FrameRead> {
  const text = async (field: CardField) => {
    const pgm = encodePgm(crops[field]);
    try {
      return await recognizer.recognize(field, pgm);
    } finally {
      pgm.fill(0);
      crops[field].pixels.fill(0);
    }
  };
  const birth = await text('birthDate');
  const expiry = await text('expiry');
  const code = await text('securityCode');
  return { birthDate: parseBirthDateLine(birth), expiry: parseExpiryLine(expiry), securityCode: parseSecurityCodeLine(code) };
}
