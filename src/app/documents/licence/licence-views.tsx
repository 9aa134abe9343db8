import type { LicenceReport } from '../../../documents/licence/licence-report';
import type { DocumentViews } from '../document-view-types';
import { LicenceDetails } from './LicenceDetails';

/** The driver's licence (and the マイナ免許証's licence information) on the kiosk's screens. */
export const LICENCE_VIEWS: DocumentViews<LicenceReport> = {
  photoJp2: (report) => report.images.photoJp2,
  Details: ({ report, at, compact }) => <LicenceDetails report={report} at={at} {...(compact ? { compact } : {})} />,
};
