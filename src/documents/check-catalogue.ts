/**
 * The kiosk's check catalogue: every registered document's check titles and reason codes
 * (ja/en), composed. A document contributes its own (verify/<doc>/<doc>-checks.ts, exposed as
 * `DocumentDriver.catalogue`); ids and codes shared by several documents (trust.anchors, `ok`,
 * the revocation reasons…) must carry the same text everywhere, or composing fails.
 * docs/checks.md is generated from this (documents/checks-doc.ts).
 */
import { KazasuError } from '../errors/kazasu-error';
import type { DocumentKind } from '../verify/report';
import type { AnyDocumentDriver, CheckCatalogue, Text } from './document-driver';
import { DOCUMENT_DRIVERS } from './registry';

export interface CatalogueEntry extends Text {
  /** The documents whose checks use it, in registry order. */
  readonly documents: readonly DocumentKind[];
}

export interface ComposedCatalogue {
  readonly titles: ReadonlyMap<string, CatalogueEntry>;
  readonly reasons: ReadonlyMap<string, CatalogueEntry>;
}

/** Two documents give one id or code different texts. */
export class CatalogueConflictError extends KazasuError {
  readonly code = 'catalogue-conflict' as const;
}

function merge(into: Map<string, CatalogueEntry>, from: CheckCatalogue['titles'], kind: DocumentKind, what: string): void {
  for (const [id, t] of Object.entries(from)) {
    const seen = into.get(id);
    if (!seen) into.set(id, { ja: t.ja, en: t.en, documents: [kind] });
    else if (seen.ja !== t.ja || seen.en !== t.en) throw new CatalogueConflictError(`${what} ${id}: ${kind} and ${seen.documents.join(', ')} give different texts`);
    else if (!seen.documents.includes(kind)) into.set(id, { ...seen, documents: [...seen.documents, kind] });
  }
}

export function composeCatalogue(drivers: readonly AnyDocumentDriver[]): ComposedCatalogue {
  const titles = new Map<string, CatalogueEntry>();
  const reasons = new Map<string, CatalogueEntry>();
  for (const d of drivers) {
    merge(titles, d.catalogue.titles, d.kind, 'check');
    merge(reasons, d.catalogue.reasons, d.kind, 'reason');
  }
  return { titles, reasons };
}

export const CATALOGUE: ComposedCatalogue = composeCatalogue(DOCUMENT_DRIVERS);

/** The title of check `id`; an id no registered document knows is shown as itself. */
export function checkTitle(id: string): Text {
  return CATALOGUE.titles.get(id) ?? { ja: id, en: id };
}

/** The text of reason code `code`; a code no registered document knows is shown as itself. */
export function reasonText(code: string): Text {
  return CATALOGUE.reasons.get(code) ?? { ja: code, en: code };
}
