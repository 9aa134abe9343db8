import type { PassportReport } from '../../../documents/passport/passport-report';
import type { DocumentViews } from '../document-view-types';
import { PassportDetails } from './PassportDetails';

/**
 * The passport (ICAO 9303 eMRTD) on the kiosk's screens. The face is as the chip stores it: JPEG
 * shown from a Blob URL, JPEG 2000 decoded off the main thread by app/photo (FacePhoto).
 */
export const PASSPORT_VIEWS: DocumentViews<PassportReport> = {
  photoJp2: (report) => report.images.faceJp2,
  photoJpeg: (report) => report.images.faceJpeg,
  Details: ({ report, at, compact }) => <PassportDetails report={report} at={at} {...(compact ? { compact } : {})} />,
  missingItems: (report) => (report.attributes.supplementaryDocument === 'required' ? ['address'] : []),
};
