/**
 * An OCSP responder for tests (RFC 6960, POST application/ocsp-request on 127.0.0.1), built with
 * pkijs. It answers for one simulator issuer: 'good' unless the serial is listed as revoked;
 * 'unknown' for CertIDs of any other issuer. Responses are signed by the issuer root itself
 * (responderID byName, no certs embedded) or by a delegated responder certificate for
 * simKey('ocsp-responder') (responderID byKey, certificate embedded). Variants:
 *
 *   normal                  as above; thisUpdate = now − 5 min, nextUpdate = thisUpdate + 15 min (JPKI: 15 min, §2.1)
 *   unauthorised-responder  signed by simKey('ocsp-rogue') with a responder cert from the untrusted root
 *   responder-without-eku   simKey('ocsp-rogue') with a cert from the real issuer but no id-kp-OCSPSigning
 *   nonce-mismatch          echoes a different nonce
 *   no-nonce                omits the nonce
 *   status-unknown          every certStatus is unknown
 *   stale                   thisUpdate = now − 2 h, nextUpdate = now − 1 h 45 min
 *   bad-signature           one signature bit flipped
 *   try-later               OCSPResponseStatus tryLater (3), no body
 *   hang                    never answers
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { copyBytes } from '../../bytes/byte-ops';
import { EXT_OID } from '../pki/jpki-extensions';
import { mintOcspResponderCertificate } from '../pki/jpki-certificates';
import { simJpkiRoot } from '../pki/sim-hierarchy';
import type { JpkiPurpose } from '../pki/sim-names';
import { importPrivateKey, simKey, type SimKeyPair } from '../pki/sim-keys';
import { simCertParts } from './cert-parts';
import { readBody, startLoopbackServer } from './loopback-server';
import { SIM_CRL_REASONS, type SimCrlReason } from './mint-crl';

export type OcspVariant =
  | 'normal'
  | 'unauthorised-responder'
  | 'responder-without-eku'
  | 'nonce-mismatch'
  | 'no-nonce'
  | 'status-unknown'
  | 'stale'
  | 'bad-signature'
  | 'try-later'
  | 'hang';

export interface OcspRevokedSpec {
  readonly serialHex: string;
  readonly revokedAt?: Date;
  readonly reason?: SimCrlReason;
}

export interface StartOcspResponderOptions {
  readonly issuer: { readonly key: SimKeyPair; readonly certificate: Uint8Array };
  /** Revoked serials (hex) or full specs. */
  readonly revoked?: readonly (string | OcspRevokedSpec)[];
  readonly variant?: OcspVariant;
  readonly responder?: 'issuer' | 'delegated';
  /** Purpose named in the responder certificates' DN, and of the untrusted root used (default 'sign'). */
  readonly purpose?: JpkiPurpose;
  readonly now?: () => Date;
}

/** What the last request asked (for assertions). */
export interface SeenOcspRequest {
  readonly hashAlgorithm: string;
  readonly serialHex: string;
  readonly nonce: Uint8Array | undefined;
}

export interface OcspResponder {
  readonly url: string;
  setVariant(v: OcspVariant): void;
  readonly requests: readonly SeenOcspRequest[];
  close(): Promise<void>;
}

const NONCE_OID = '1.3.6.1.5.5.7.48.1.2';
const ID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const MINUTE = 60_000;

const hexOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
const stripSign = (hex: string): string => (hex.length > 2 && hex.startsWith('00') ? hex.slice(2) : hex);
const normalHex = (hex: string): string => {
  const h = hex.toUpperCase().replace(/^0+/, '');
  return h.length % 2 ? `0${h}` : h;
};

async function digestHex(alg: string, bytes: Uint8Array): Promise<string> {
  return hexOf(new Uint8Array(await globalThis.crypto.subtle.digest(alg, copyBytes(bytes))));
}

interface Signer {
  key: SimKeyPair;
  certificate: Uint8Array;
  byName: boolean;
  embed: boolean;
}

function ocspResponse(status: number, basic?: pkijs.BasicOCSPResponse): Uint8Array {
  const resp = new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: status }) });
  if (basic) {
    resp.responseBytes = new pkijs.ResponseBytes({
      responseType: ID_PKIX_OCSP_BASIC,
      response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
    });
  }
  return new Uint8Array(resp.toSchema().toBER(false));
}

function statusBlock(kind: 'good' | 'revoked' | 'unknown', revokedAt?: Date, reason?: number): asn1js.BaseBlock {
  if (kind === 'good') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } });
  if (kind === 'unknown') return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
  const value: asn1js.BaseBlock[] = [new asn1js.GeneralizedTime({ valueDate: revokedAt ?? new Date(0) })];
  if (reason !== undefined) {
    value.push(new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.Enumerated({ value: reason })] }));
  }
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value });
}

export async function startOcspResponder(options: StartOcspResponderOptions): Promise<OcspResponder> {
  const purpose = options.purpose ?? 'sign';
  const clock = options.now ?? (() => new Date());
  let variant: OcspVariant = options.variant ?? 'normal';
  const issuerParts = simCertParts(options.issuer.certificate);
  const revoked = new Map<string, OcspRevokedSpec>();
  for (const r of options.revoked ?? []) {
    const spec = typeof r === 'string' ? { serialHex: r } : r;
    revoked.set(normalHex(spec.serialHex), spec);
  }

  const t0 = clock().getTime();
  const validity = { notBefore: new Date(t0 - 30 * 24 * 60 * MINUTE), notAfter: new Date(t0 + 365 * 24 * 60 * MINUTE) };
  const delegatedCert = await mintOcspResponderCertificate({
    issuer: options.issuer,
    subjectKey: simKey('ocsp-responder'),
    purpose,
    serialHex: '0C5001',
    ...validity,
  });
  const untrustedRoot = await simJpkiRoot(purpose, 'untrusted');
  const rogueCert = await mintOcspResponderCertificate({
    issuer: untrustedRoot,
    subjectKey: simKey('ocsp-rogue'),
    purpose,
    serialHex: '0C5002',
    ...validity,
  });
  const noEkuCert = await mintOcspResponderCertificate({
    issuer: options.issuer,
    subjectKey: simKey('ocsp-rogue'),
    purpose,
    serialHex: '0C5003',
    omitExtensions: [EXT_OID.extKeyUsage],
    ...validity,
  });

  function signerFor(v: OcspVariant): Signer {
    if (v === 'unauthorised-responder') return { key: simKey('ocsp-rogue'), certificate: rogueCert, byName: false, embed: true };
    if (v === 'responder-without-eku') return { key: simKey('ocsp-rogue'), certificate: noEkuCert, byName: false, embed: true };
    if ((options.responder ?? 'delegated') === 'issuer') {
      return { key: options.issuer.key, certificate: options.issuer.certificate, byName: true, embed: false };
    }
    return { key: simKey('ocsp-responder'), certificate: delegatedCert, byName: false, embed: true };
  }

  const requests: SeenOcspRequest[] = [];

  async function answer(body: Uint8Array): Promise<Uint8Array> {
    let request: pkijs.OCSPRequest;
    try {
      request = pkijs.OCSPRequest.fromBER(copyBytes(body));
    } catch {
      return ocspResponse(1); // malformedRequest
    }
    if (variant === 'try-later') return ocspResponse(3);
    const now = clock();
    const stale = variant === 'stale';
    const thisUpdate = new Date(now.getTime() - (stale ? 120 : 5) * MINUTE);
    const nextUpdate = new Date(stale ? now.getTime() - 105 * MINUTE : thisUpdate.getTime() + 15 * MINUTE);
    const nonceExt = request.tbsRequest.requestExtensions?.find((e) => e.extnID === NONCE_OID);

    const basic = new pkijs.BasicOCSPResponse();
    basic.tbsResponseData.producedAt = now;
    for (const r of request.tbsRequest.requestList) {
      const id = r.reqCert;
      const alg = HASHES[id.hashAlgorithm.algorithmId];
      const serialHex = stripSign(hexOf(id.serialNumber.valueBlock.valueHexView));
      requests.push({
        hashAlgorithm: id.hashAlgorithm.algorithmId,
        serialHex,
        nonce: nonceExt ? new Uint8Array(nonceExt.extnValue.valueBlock.valueHexView) : undefined,
      });
      const ours =
        alg !== undefined &&
        hexOf(id.issuerNameHash.valueBlock.valueHexView) === (await digestHex(alg, issuerParts.subjectName)) &&
        hexOf(id.issuerKeyHash.valueBlock.valueHexView) === (await digestHex(alg, issuerParts.subjectPublicKey));
      const spec = revoked.get(normalHex(serialHex));
      const status =
        variant === 'status-unknown' || !ours
          ? statusBlock('unknown')
          : spec
            ? statusBlock('revoked', spec.revokedAt, spec.reason === undefined ? undefined : SIM_CRL_REASONS[spec.reason])
            : statusBlock('good');
      basic.tbsResponseData.responses.push(new pkijs.SingleResponse({ certID: id, certStatus: status, thisUpdate, nextUpdate }));
    }
    if (nonceExt && variant !== 'no-nonce') {
      const value =
        variant === 'nonce-mismatch'
          ? new asn1js.OctetString({ valueHex: globalThis.crypto.getRandomValues(new Uint8Array(32)) }).toBER(false)
          : copyBytes(nonceExt.extnValue.valueBlock.valueHexView).buffer;
      basic.tbsResponseData.responseExtensions = [new pkijs.Extension({ extnID: NONCE_OID, extnValue: value })];
    }
    const signer = signerFor(variant);
    const signerPkijs = pkijs.Certificate.fromBER(copyBytes(signer.certificate));
    if (signer.byName) {
      basic.tbsResponseData.responderID = signerPkijs.subject;
    } else {
      const spk = simCertParts(signer.certificate).subjectPublicKey;
      const keyHash = await globalThis.crypto.subtle.digest('SHA-1', copyBytes(spk));
      basic.tbsResponseData.responderID = new asn1js.OctetString({ valueHex: keyHash });
    }
    if (signer.embed) basic.certs = [signerPkijs];
    await basic.sign(await importPrivateKey(signer.key), 'SHA-256');
    if (variant === 'bad-signature') {
      const sig = new Uint8Array(basic.signature.valueBlock.valueHexView).slice();
      sig[sig.length >> 1]! ^= 0x01;
      basic.signature = new asn1js.BitString({ valueHex: sig.buffer });
    }
    return ocspResponse(0, basic);
  }

  const server = await startLoopbackServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/ocsp') {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req, 16 * 1024);
    if (variant === 'hang') return;
    if (!body) {
      res.writeHead(413).end();
      return;
    }
    const der = await answer(body);
    res.writeHead(200, { 'content-type': 'application/ocsp-response', 'content-length': String(der.length) });
    res.end(der);
  });
  return {
    url: `${server.origin}/ocsp`,
    setVariant: (v) => {
      variant = v;
    },
    requests,
    close: () => server.close(),
  };
}
