import { KazasuError } from '../errors/kazasu-error';

/** The document on the reader does not support the purpose chosen (e.g. a bank check on an ID without a signature certificate). */
export class UnsupportedPurposeError extends KazasuError {
  readonly code = 'document-purpose-unsupported' as const;
  constructor(
    readonly document: string,
    readonly purpose: string,
    /** The variant that does not support it, when the document supports it on others. */
    readonly variant?: string,
  ) {
    super(`${variant ? `${document} (${variant})` : document} does not support the ${purpose} purpose`);
  }
}

/** No registered document recognised the card on the reader. */
export class UnknownDocumentError extends KazasuError {
  readonly code = 'document-unknown' as const;
  constructor() {
    super('the card on the reader is not a document this kiosk can read');
  }
}

/** A driver's detection tried to send a command that could spend a try or change security state. */
export class DetectionCommandRefusedError extends KazasuError {
  readonly code = 'document-detection-refused' as const;
  constructor(readonly ins: number) {
    super(`card detection may not send INS ${ins.toString(16).padStart(2, '0').toUpperCase()}`);
  }
}
