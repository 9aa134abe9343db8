/**
 * The certificate fields the simulator responders need (subject Name DER, serial, public key),
 * read with asn1js — a different parser from the verifier's own DER reader.
 */
import * as asn1js from 'asn1js';
import { copyBytes } from '../../bytes/byte-ops';
import { SimRevocationError } from './sim-revocation-error';

export interface SimCertParts {
  readonly subjectName: Uint8Array;
  readonly issuerName: Uint8Array;
  /** Serial as uppercase hex of the magnitude (no 00 sign octet). */
  readonly serialHex: string;
  /** subjectPublicKey BIT STRING octets without the unused-bits octet. */
  readonly subjectPublicKey: Uint8Array;
}

export function simCertParts(der: Uint8Array): SimCertParts {
  const parsed = asn1js.fromBER(copyBytes(der));
  try {
    if (parsed.offset === -1) throw new Error(parsed.result.error);
    const tbs = (parsed.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const f = tbs.valueBlock.value;
    const i = f[0]!.idBlock.tagClass === 3 ? 1 : 0;
    const serial = new Uint8Array((f[i] as asn1js.Integer).valueBlock.valueHexView);
    const spki = f[i + 5] as asn1js.Sequence;
    const spk = spki.valueBlock.value[1] as asn1js.BitString;
    let hex = Array.from(serial, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
    if (hex.startsWith('00') && hex.length > 2) hex = hex.slice(2);
    return {
      issuerName: new Uint8Array(f[i + 2]!.valueBeforeDecodeView),
      subjectName: new Uint8Array(f[i + 4]!.valueBeforeDecodeView),
      serialHex: hex,
      subjectPublicKey: new Uint8Array(spk.valueBlock.valueHexView),
    };
  } catch (cause) {
    throw new SimRevocationError('sim-cert-unreadable', 'not a DER X.509 certificate', { cause });
  }
}
