import type { MyNumberReport } from '../../../documents/mynumber/mynumber-report';
import { PersonDetails } from '../../screens/result/PersonDetails';
import type { DocumentViews } from '../document-view-types';

/** The My Number Card on the kiosk's screens: chip photo, details with the card-face images. */
export const MYNUMBER_VIEWS: DocumentViews<MyNumberReport> = {
  photoJp2: (report) => report.images.photoJp2,
  Details: ({ report, at, compact }) => <PersonDetails attributes={report.attributes} images={report.images} at={at} {...(compact ? { compact } : {})} />,
};
