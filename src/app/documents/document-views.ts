import type { DocumentKind } from '../../verify/report';
import { CORE_VIEWS } from './core-views';
import type { DocumentViews } from './document-view-types';
import { LICENCE_VIEWS } from './licence/licence-views';
import { MYNUMBER_VIEWS } from './mynumber/mynumber-views';
import { RESIDENCE_CARD_VIEWS } from './residence-card/residence-card-views';

export type { DocumentViews } from './document-view-types';

/** Each document's views (app/documents/<doc>/); the screens never name a document themselves. */
const VIEWS: { readonly [K in DocumentKind]?: DocumentViews } = {
  'mynumber-card': MYNUMBER_VIEWS as DocumentViews,
  'residence-card': RESIDENCE_CARD_VIEWS as DocumentViews,
  'drivers-licence': LICENCE_VIEWS as DocumentViews,
};

/** The views of a document; a registered document without its own views gets the shared core view. */
export function documentViews(kind: DocumentKind): DocumentViews {
  return VIEWS[kind] ?? CORE_VIEWS;
}
