/**
 * What `kazasu verify --json` prints: the VerificationReport of the document that was verified,
 * with every byte string (the photo, the card-face images, card material) replaced by its size
 * (`--json` never carries images or certificates; `kazasu read --out` writes them). The published
 * JSON Schema (schema/verification-report.schema.json) is generated from `VerificationReportJson`
 * (`npm run schemas`), and a test keeps the committed file in step with these types.
 */
import type { MyNumberReport } from '../../documents/mynumber/mynumber-report';
import type { ResidenceCardReport } from '../../documents/residence-card/residence-card-report';
import type { LicenceReport } from '../../documents/licence/licence-report';
import type { PassportReport } from '../../documents/passport/passport-report';
import { documentDriver, type DocumentReport } from '../../documents/registry';
import type { VerificationReport } from '../../verify/report';

/** A byte string in the JSON report: its length only. */
export interface ByteCount {
  readonly bytes: number;
}

/**
 * Byte-string members become their size; everything else stays as it is. Every member is optional
 * here (images and material are present only when read) and a byte string is told apart by
 * `BYTES_PER_ELEMENT`: both keep the schema generator, which evaluates the type itself, exact.
 */
export type WithByteCounts<T> = { readonly [K in keyof T]+?: T[K] extends { readonly BYTES_PER_ELEMENT: number } | undefined ? ByteCount : T[K] };

/** One document's report as JSON. */
export type ReportJsonOf<R> = R extends VerificationReport
  ? Omit<R, 'images' | 'material'> & { readonly images: WithByteCounts<R['images']>; readonly material: WithByteCounts<R['material']> }
  : never;

/**
 * The reports of every registered document, named one by one: the schema generator reads types,
 * not values, so it cannot follow `DocumentReport` through the registry's array. The check below
 * fails the typecheck until a newly registered document's report is added here.
 */
export type SchemaReports = MyNumberReport | ResidenceCardReport | LicenceReport | PassportReport;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const REGISTERED_REPORTS_IN_SCHEMA: Same<SchemaReports['document'], DocumentReport['document']> = true;
void REGISTERED_REPORTS_IN_SCHEMA;

/** `kazasu verify --json`: the report of any registered document (narrow on `document`). */
export type VerificationReportJson = ReportJsonOf<SchemaReports>;

function withByteCounts<T extends object>(o: T): WithByteCounts<T> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Uint8Array ? { bytes: v.length } : v])) as WithByteCounts<T>;
}

/**
 * Images and card material as sizes; material named like one of the document's credentials (the
 * residence card's number, which the evidence record keeps) is a credential: never printed.
 */
export function reportForJson(r: DocumentReport): VerificationReportJson {
  const credentialIds = Object.keys(documentDriver(r.document)?.credentials ?? {});
  const material = Object.fromEntries(Object.entries(r.material).filter(([k]) => !credentialIds.includes(k)));
  return { ...r, images: withByteCounts(r.images), material: withByteCounts(material) } as VerificationReportJson;
}
