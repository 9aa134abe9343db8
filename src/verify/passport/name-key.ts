/**
 * The matching key of an X.501 Name, straight from its bytes: every AttributeTypeAndValue as
 * "type=value" with the value trimmed, inner whitespace collapsed and lower-cased, sorted — so
 * RDN order and case do not matter (9303-12 leaves RDN order to states; Malaysia's SignerInfo
 * and DSC differ, the expired UK DSC writes C=gb). Also how the trust store indexes CSCAs
 * without decoding whole certificates (pkijs decoding costs milliseconds per certificate).
 */
import { childrenOf, decodeOid, readWhole, UNIVERSAL, valueOf, type Tlv } from '../../cards/passport/lds/ber';
import { LdsError } from '../../cards/passport/lds/lds-error';

const COUNTRY = '2.5.4.6';

function text(der: Uint8Array, v: Tlv): string {
  const bytes = valueOf(der, v);
  switch (v.tag) {
    case 0x1e: // BMPString
      return new TextDecoder('utf-16be').decode(bytes);
    case 0x14: // TeletexString: treated as Latin-1 (X.690 leaves T.61; real CSCAs use ASCII)
      return new TextDecoder('latin1').decode(bytes);
    default: // PrintableString, UTF8String, IA5String, VisibleString …
      return new TextDecoder('utf-8').decode(bytes);
  }
}

export interface NameKey {
  readonly key: string;
  readonly country?: string;
}

/** Throws LdsError for bytes that are not a Name. */
export function nameKey(der: Uint8Array): NameKey {
  const top = readWhole(der, { what: 'Name' });
  const attrs: string[] = [];
  let country: string | undefined;
  for (const rdn of childrenOf(der, top)) {
    for (const atv of childrenOf(der, rdn)) {
      const [typeT, valueT] = childrenOf(der, atv);
      if (!typeT || !valueT || typeT.tag !== UNIVERSAL.OID) throw new LdsError('lds-bad-value', 'Name: AttributeTypeAndValue is malformed', atv.offset);
      const type = decodeOid(der, typeT);
      const value = text(der, valueT).trim().replace(/\s+/g, ' ');
      if (type === COUNTRY) country = value.toUpperCase();
      attrs.push(`${type}=${value.toLowerCase()}`);
    }
  }
  return { key: attrs.sort().join('\u0000'), ...(country ? { country } : {}) };
}

export interface CertificateIndexEntry {
  readonly subjectKey: string;
  readonly country?: string;
  readonly subjectKeyId?: Uint8Array;
}

/** Subject name key, country and subject key identifier of a certificate, from its bytes only. */
export function certificateIndexEntry(der: Uint8Array): CertificateIndexEntry {
  const top = readWhole(der, { what: 'certificate' });
  const [tbs] = childrenOf(der, top);
  if (!tbs || tbs.tag !== UNIVERSAL.SEQUENCE) throw new LdsError('lds-missing-field', 'certificate: no tbsCertificate', top.start);
  const f = childrenOf(der, tbs);
  const i = f[0]?.tag === 0xa0 ? 1 : 0;
  const subject = f[i + 4];
  if (!subject) throw new LdsError('lds-missing-field', 'certificate: no subject', tbs.start);
  const { key, country } = nameKey(der.subarray(subject.offset, subject.next));
  let subjectKeyId: Uint8Array | undefined;
  const exts = f.slice(i + 6).find((t) => t.tag === 0xa3);
  if (exts) {
    const [list] = childrenOf(der, exts);
    for (const e of list ? childrenOf(der, list) : []) {
      const parts = childrenOf(der, e);
      if (parts[0] && decodeOid(der, parts[0]) === '2.5.29.14') {
        const octets = parts[parts.length - 1]!;
        const inner = valueOf(der, octets);
        const ki = readWhole(inner);
        if (ki.tag === UNIVERSAL.OCTET_STRING) subjectKeyId = valueOf(inner, ki);
      }
    }
  }
  return { subjectKey: key, ...(country ? { country } : {}), ...(subjectKeyId ? { subjectKeyId } : {}) };
}
