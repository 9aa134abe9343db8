import { DOCUMENT_DRIVERS } from '../../documents/registry';
import type { DocumentKind } from '../../verify/report';
import { CORE_VIEWS } from './core-views';
import type { DocumentViews } from './document-view-types';
import { LICENCE_VIEWS } from './licence/licence-views';
import { MYNUMBER_VIEWS } from './mynumber/mynumber-views';
import { RESIDENCE_CARD_VIEWS } from './residence-card/residence-card-views';
import { PASSPORT_VIEWS } from './passport/passport-views';

export type { DocumentViews } from './document-view-types';

/** Each document's views (app/documents/<doc>/); the screens never name a document themselves. */
const VIEWS: { readonly [K in DocumentKind]?: DocumentViews } = {
  'mynumber-card': MYNUMBER_VIEWS as DocumentViews,
  'residence-card': RESIDENCE_CARD_VIEWS as DocumentViews,
  'drivers-licence': LICENCE_VIEWS as DocumentViews,
  passport: PASSPORT_VIEWS as DocumentViews,
};

/**
 * The views of a document; a registered document without its own views (yet) gets the shared core
 * view. A kind no driver registers is a programming error, not a blank screen: it throws.
 */
export function documentViews(kind: DocumentKind): DocumentViews {
  const own = VIEWS[kind];
  if (own) return own;
  if (!DOCUMENT_DRIVERS.some((d) => d.kind === kind)) throw new Error(`no views for document ${String(kind)}`);
  return CORE_VIEWS;
}
