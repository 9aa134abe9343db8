/**
 * The credential options of `kazasu read|verify` come from the registered documents: each
 * driver's CredentialSpec names its flag (`--code-b`, `--password`, `--card-number`, `--mrz` …),
 * so a new document brings its options without a change here.
 */
import type { AnyDocumentDriver } from '../../documents/document-driver';
import { DOCUMENT_DRIVERS, documentDriver, documentKinds } from '../../documents/registry';
import { DOCUMENT_KINDS } from '../../verify/report';
import { flag, UsageError, type ParsedArgs } from './cli-args';

/** Every registered document's credential flags (a flag may serve several documents). */
export function credentialFlags(): string[] {
  return [...new Set(DOCUMENT_DRIVERS.flatMap((d) => Object.values((d as AnyDocumentDriver).credentials).map((c) => c.flag)))];
}

/** Every registered document's extra `read` options. */
export function readOptionFlags(): string[] {
  return [...new Set(DOCUMENT_DRIVERS.flatMap((d) => [...d.readOptions]))];
}

/** The credentials given on the command line for `driver`, by credential id. Values are never printed. */
export function credentialsFor(driver: AnyDocumentDriver, args: ParsedArgs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, spec] of Object.entries(driver.credentials)) {
    const v = flag(args, spec.flag);
    if (v !== undefined) out[id] = v;
  }
  return out;
}

/** `--document <kind>`: the registered driver, or a usage error naming the kinds that are. */
export function documentFromFlag(value: string | undefined): AnyDocumentDriver | undefined {
  if (value === undefined) return undefined;
  const driver = documentDriver(value);
  if (driver) return driver;
  const known = (DOCUMENT_KINDS as readonly string[]).includes(value) ? `${value} is not supported yet; ` : '';
  throw new UsageError(`--document: ${known}one of ${documentKinds().join(', ')}`);
}
