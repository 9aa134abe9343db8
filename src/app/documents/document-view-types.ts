import type { ComponentType, ReactNode } from 'react';
import type { DocumentReport } from '../../documents/registry';
import type { MissingItem } from '../../evidence/card-identifiers';
import type { CodeBFill } from '../screens/credentials/CodeBEntry';

/**
 * What one document shows on the kiosk's screens, beside what every document shares (verdict,
 * reasons and next steps, the folded check list, the staff answers, the action bar). The
 * screens look a document's views up by the report's `document` and never name a document
 * themselves; a new document adds a folder app/documents/<doc>/ and one line in
 * document-views.ts (docs/ARCHITECTURE.md "Adding a document").
 */
export interface DocumentViews<R extends DocumentReport = DocumentReport> {
  /** The chip's face photo (JPEG 2000, decoded off the main thread by app/photo), when read. */
  photoJp2(report: R): Uint8Array | undefined;
  /** The face photo when the chip stores it as baseline JPEG (a passport may): shown from a Blob URL. */
  photoJpeg?(report: R): Uint8Array | undefined;
  /**
   * What the chip says about the person: name, address, birth date, expiry and the document's
   * own fields. `compact`: the confirmation screen's summary beside the staff questions.
   */
  readonly Details: ComponentType<{ readonly report: R; readonly at: Date; readonly compact?: boolean }>;
  /** Rendered under the clerk's code boxes, given `fill` (e.g. the camera reader of the card front). */
  readonly codeBFiller?: (fill: CodeBFill) => ReactNode;
  /**
   * Items the purpose needs that this document does not carry (a passport without an address):
   * the confirmation screen asks which supplementary document (補完書類) staff checked them on.
   */
  missingItems?(report: R): readonly MissingItem[];
}

