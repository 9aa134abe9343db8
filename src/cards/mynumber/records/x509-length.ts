/**
 * Total size of a DER certificate EF from its first 4 bytes `30 82 LL LL` (spec §4.1: size =
 * LLLL + 4, as OpenSC computes it), so the rest can be read in one go.
 */
import { CardRecordError } from '../card-error';

const RECORD = 'jpki-ap/certificate';
/** READ BINARY offsets are 15 bits (spec §5.1), so no EF can be larger. */
export const MAX_EF_SIZE = 0x8000;

export function x509TotalLength(head: Uint8Array): number {
  if (head.length < 4) throw new CardRecordError('record-bad-length', RECORD, 'need the first 4 bytes', head.length);
  if (head[0] === 0xff && head[1] === 0xff) {
    throw new CardRecordError('record-empty', RECORD, 'certificate EF holds only filler', 0);
  }
  if (head[0] !== 0x30) throw new CardRecordError('record-wrong-tag', RECORD, 'certificate must start with SEQUENCE (30)', 0);
  if (head[1] !== 0x82) {
    throw new CardRecordError('record-bad-structure', RECORD, 'certificate length must use the 82 LL LL form', 1);
  }
  const len = (head[2]! << 8) | head[3]!;
  // DER is minimal: 82 is only used for lengths ≥ 256, and certificates are always that large.
  if (len < 0x100) throw new CardRecordError('record-bad-length', RECORD, 'non-minimal DER length', 2);
  const total = len + 4;
  if (total > MAX_EF_SIZE) throw new CardRecordError('record-bad-length', RECORD, 'certificate larger than any EF', 2);
  return total;
}
