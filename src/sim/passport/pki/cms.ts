/**
 * CMS SignedData as an eMRTD issuer writes it (RFC 5652 §5; 9303-10 §4.6.2): version 3, one
 * SignerInfo v1 identified by issuerAndSerialNumber (or v3 by subjectKeyIdentifier), signed
 * attributes contentType + signingTime + messageDigest (DER SET OF, sorted), the signer's
 * certificate embedded. Knobs exist for the forgeries and for BER indefinite lengths (as the real
 * New Zealand SOD has them).
 */
import { concatBytes } from '../../../bytes/byte-ops';
import { explicit, indefinite, integerBytes, octetString, oid, seq, set, tlvT, time } from './der';
import { hashAlgorithmId, signatureAlgorithmId, simKeyId, simName, simSign, type SimDn, type SimSignatureAlgorithm } from './certificates';
import { simHash, type SimHash, type SimKey } from './sim-passport-keys';

export interface SignedDataParams {
  readonly eContentType: string;
  readonly eContent: Uint8Array;
  /** Digest for messageDigest (and the SignerInfo digestAlgorithm). */
  readonly digest: SimHash;
  readonly signer: {
    readonly certificate: Uint8Array;
    readonly issuer: SimDn;
    readonly serialHex: string;
    /** The key that actually signs (a forgery may pass a key that is not the certificate's). */
    readonly key: SimKey;
    readonly algorithm: SimSignatureAlgorithm;
  };
  readonly sid?: 'issuer-serial' | 'ski';
  readonly signingTime?: Date;
  /** Certificates to embed (default: the signer's). */
  readonly certificates?: readonly Uint8Array[];
  /** Write the outer structures with indefinite lengths (BER). */
  readonly berIndefinite?: boolean;
}

function sortedSet(items: readonly Uint8Array[]): Uint8Array {
  const sorted = [...items].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });
  return set(...sorted);
}

export async function buildSignedData(p: SignedDataParams): Promise<Uint8Array> {
  const attrs = [
    seq(oid('1.2.840.113549.1.9.3'), set(oid(p.eContentType))),
    ...(p.signingTime ? [seq(oid('1.2.840.113549.1.9.5'), set(time(p.signingTime)))] : []),
    seq(oid('1.2.840.113549.1.9.4'), set(octetString(simHash(p.digest, p.eContent)))),
  ];
  const signedAttrsSet = sortedSet(attrs);
  const signature = await simSign(p.signer.key, p.signer.algorithm, signedAttrsSet);
  const signedAttrs = concatBytes(Uint8Array.of(0xa0), signedAttrsSet.subarray(1));
  const serial = integerBytes(Uint8Array.from((p.signer.serialHex.length % 2 ? `0${p.signer.serialHex}` : p.signer.serialHex).match(/../g)!.map((h) => parseInt(h, 16))));
  const ski = p.sid === 'ski';
  // The signer's certificate key id (SKI) — our certificates carry SHA-1 of the public key.
  const sid = ski ? tlvT(0x80, simKeyId(p.signer.key)) : seq(simName(p.signer.issuer), serial);
  const signerInfo = seq(
    Uint8Array.of(0x02, 0x01, ski ? 3 : 1),
    sid,
    hashAlgorithmId(p.digest),
    signedAttrs,
    signatureAlgorithmId(p.signer.algorithm),
    octetString(signature),
  );
  const certs = p.certificates ?? [p.signer.certificate];
  const body = [
    Uint8Array.of(0x02, 0x01, 0x03),
    set(hashAlgorithmId(p.digest)),
    p.berIndefinite
      ? indefinite(0x30, oid(p.eContentType), indefinite(0xa0, octetString(p.eContent)))
      : seq(oid(p.eContentType), explicit(0, octetString(p.eContent))),
    ...(certs.length ? [tlvT(0xa0, ...certs)] : []),
    set(signerInfo),
  ];
  return p.berIndefinite
    ? indefinite(0x30, oid('1.2.840.113549.1.7.2'), indefinite(0xa0, indefinite(0x30, ...body)))
    : seq(oid('1.2.840.113549.1.7.2'), explicit(0, seq(...body)));
}
