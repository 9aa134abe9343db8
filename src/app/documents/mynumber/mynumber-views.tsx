import type { MyNumberReport } from '../../../documents/mynumber/mynumber-report';
import { CodeBCameraFiller } from '../../screens/credentials/CodeBCameraFiller';
import { PersonDetails } from '../../screens/result/PersonDetails';
import type { DocumentViews } from '../document-view-types';

/** The My Number Card on the kiosk's screens: chip photo, details with the card-face images, 照合番号B from the camera. */
export const MYNUMBER_VIEWS: DocumentViews<MyNumberReport> = {
  photoJp2: (report) => report.images.photoJp2,
  Details: ({ report, at, compact }) => <PersonDetails attributes={report.attributes} images={report.images} at={at} {...(compact ? { compact } : {})} />,
  codeBFiller: (fill) => <CodeBCameraFiller fill={fill} />,
};
