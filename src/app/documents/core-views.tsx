import type { DocumentReport } from '../../documents/registry';
import { PersonDetails } from '../screens/result/PersonDetails';
import type { DocumentViews } from './document-view-types';

/**
 * A registered document that has no views of its own yet: what every document's report holds
 * (name, address, birth date, sex, expiry) in the shared layout, no photo (the verdict then
 * asks staff to compare with the printed photo) and no card-face images. The document's own
 * views (app/documents/<doc>/) replace this with its fields and images.
 */
export const CORE_VIEWS: DocumentViews = {
  photoJp2: () => undefined,
  Details: ({ report, at, compact }: { readonly report: DocumentReport; readonly at: Date; readonly compact?: boolean }) => (
    <PersonDetails attributes={report.attributes} images={{}} at={at} {...(compact ? { compact } : {})} />
  ),
};
