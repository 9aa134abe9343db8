import type { ResidenceCardReport } from '../../../documents/residence-card/residence-card-report';
import type { DocumentViews } from '../document-view-types';
import { ResidenceDetails } from './ResidenceDetails';

/** The residence card / special permanent resident certificate on the kiosk's screens. */
export const RESIDENCE_CARD_VIEWS: DocumentViews<ResidenceCardReport> = {
  photoJp2: (report) => report.images.photoJp2,
  Details: ({ report, at, compact }) => <ResidenceDetails report={report} at={at} {...(compact ? { compact } : {})} />,
};
