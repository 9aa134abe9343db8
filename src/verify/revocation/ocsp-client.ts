/**
 * Revocation by OCSP (RFC 6960) with pkijs. Each check sends a fresh nonce and accepts only a
 * response that (1) is signed by an authorised responder — checked by us and by pkijs'
 * BasicOCSPResponse.verify, called directly because OCSPResponse.verify passes no trusted certs
 * (reference pki-and-perf.md §1.4), (2) echoes the nonce, (3) answers our CertID, and (4) is
 * fresh: JPKI OCSP data is refreshed every 15 minutes (§2.1), hence the 900 s default window.
 * "unknown" fails closed; no answer, tryLater and internalError are `pending`, never `good`.
 */
import * as pkijs from 'pkijs';
import { copyBytes } from '../../bytes/byte-ops';
import { isKazasuError } from '../../errors/kazasu-error';
import { readCertificateFields, type CertificateFields } from './certificate-fields';
import { crlReasonName } from './crl-reasons';
import { httpExchange, type FetchLike } from './http-exchange';
import { buildOcspRequest, type CertIdHash } from './ocsp-request';
import { authoriseResponder } from './ocsp-responder-auth';
import {
  findSingleResponse,
  nonceEchoed,
  OCSP_RESPONSE_STATUS,
  ocspStaleness,
  parseOcspResponse,
  readCertStatus,
  type OcspFreshnessPolicy,
  type ParsedOcspResponse,
} from './ocsp-response';
import type {
  RevocationChecker,
  RevocationPurpose,
  RevocationRequest,
  RevocationResult,
  RevocationTarget,
} from './revocation-checker';
import { checkRequest, failed, pending } from './revocation-target';

export interface OcspCheckerOptions {
  /** Responder URL, fixed or per purpose. */
  readonly url: string | ((purpose: RevocationPurpose) => string | undefined);
  readonly fetch: FetchLike;
  /** Oldest acceptable thisUpdate, seconds (default 900). */
  readonly freshnessSeconds?: number;
  /** Default 120 s. */
  readonly clockSkewSeconds?: number;
  /** Responder certificates pinned by exact DER (RFC 6960 §4.2.2.2 "locally configured"). */
  readonly trustedResponders?: readonly Uint8Array[];
  /** CertID hash the responder expects (default SHA-1, the RFC 6960 baseline). */
  readonly certIdHash?: CertIdHash;
  readonly timeoutMs?: number;
  /** Largest response accepted (default 64 KiB). */
  readonly maxBytes?: number;
  readonly isOnline?: () => boolean;
}

function toPkijsCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(copyBytes(der));
}

export class OcspRevocationChecker implements RevocationChecker {
  readonly source = 'ocsp' as const;
  private readonly freshness: OcspFreshnessPolicy;

  constructor(private readonly options: OcspCheckerOptions) {
    this.freshness = {
      freshnessSeconds: options.freshnessSeconds ?? 900,
      clockSkewSeconds: options.clockSkewSeconds ?? 120,
    };
  }

  check(req: RevocationRequest): Promise<RevocationResult> {
    return checkRequest(this, req);
  }

  async checkTarget(t: RevocationTarget): Promise<RevocationResult> {
    const url = typeof this.options.url === 'string' ? this.options.url : this.options.url(t.purpose);
    if (!url) return failed('ocsp', 'revocation-not-configured', `no OCSP responder configured for ${t.purpose}`);
    if (!t.issuer) return failed('ocsp', 'revocation-not-configured', 'no trusted issuer certificate to verify an OCSP response against');
    let issuer: CertificateFields;
    try {
      issuer = readCertificateFields(t.issuer);
    } catch (e) {
      if (isKazasuError(e)) return failed('ocsp', 'jpki-malformed', e.message);
      throw e;
    }
    if (this.options.isOnline && !this.options.isOnline()) return pending(t, 'ocsp', 'offline');

    const request = await buildOcspRequest(issuer, t.serial, this.options.certIdHash ?? 'SHA-1');
    const outcome = await httpExchange(
      this.options.fetch,
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
        body: copyBytes(request.der),
      },
      { timeoutMs: this.options.timeoutMs ?? 10_000, maxBytes: this.options.maxBytes ?? 64 * 1024 },
    );
    if (outcome.kind === 'no-answer') return pending(t, 'ocsp', 'no-answer');
    if (outcome.kind === 'too-large') return failed('ocsp', 'revocation-ocsp-malformed', outcome.detail);
    if (outcome.status !== 200) return pending(t, 'ocsp', 'no-answer');

    let parsed: ParsedOcspResponse;
    try {
      parsed = parseOcspResponse(outcome.body);
    } catch (e) {
      if (isKazasuError(e)) return failed('ocsp', 'revocation-ocsp-malformed', e.message);
      throw e;
    }
    if (!parsed.basic) return this.unsuccessful(t, parsed.responseStatus);
    const basic = parsed.basic;

    const nowMs = t.now.getTime();
    const trusted = this.options.trustedResponders ?? [];
    const who = await authoriseResponder(basic, t.issuer, issuer, nowMs, trusted);
    if (!who.ok) return failed('ocsp', 'revocation-ocsp-unauthorised', who.detail);

    let signatureOk: boolean;
    try {
      const issuerCert = toPkijsCertificate(t.issuer);
      // pkijs needs the signer among `certs`; a CA-signed response usually embeds none (§1.4).
      if (who.signer === 'issuer' && !(basic.certs ?? []).length) basic.certs = [issuerCert];
      signatureOk = await basic.verify({
        trustedCerts: [issuerCert],
        issuerCerts: [issuerCert],
        trustedResponders: trusted.map(toPkijsCertificate),
      });
    } catch (e) {
      // Our own authorisation passed, so a throw means pkijs' chain or authorisation check disagreed.
      return failed('ocsp', 'revocation-ocsp-unauthorised', `pkijs rejected the responder: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!signatureOk) return failed('ocsp', 'revocation-ocsp-signature-invalid', 'the response signature does not verify');

    if (!nonceEchoed(basic, request.nonceExtnValue)) {
      return failed('ocsp', 'revocation-ocsp-nonce-mismatch', 'the response does not echo the nonce of this request');
    }
    let single;
    let status;
    try {
      single = await findSingleResponse(basic, issuer, t.serial);
      if (!single) return failed('ocsp', 'revocation-ocsp-malformed', 'the response does not answer for this certificate');
      status = readCertStatus(single);
    } catch (e) {
      if (isKazasuError(e)) return failed('ocsp', 'revocation-ocsp-malformed', e.message);
      throw e;
    }
    const stale = ocspStaleness(
      { producedAt: basic.tbsResponseData.producedAt, thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate },
      nowMs,
      this.freshness,
    );
    if (stale) return failed('ocsp', 'revocation-ocsp-stale', stale);

    const checkedAt = t.now.toISOString();
    switch (status.kind) {
      case 'good':
        return {
          status: 'good',
          source: 'ocsp',
          checkedAt,
          thisUpdate: single.thisUpdate.toISOString(),
          ...(single.nextUpdate ? { nextUpdate: single.nextUpdate.toISOString() } : {}),
        };
      case 'revoked': {
        const reason = status.reason === undefined ? undefined : crlReasonName(status.reason);
        return {
          status: 'revoked',
          source: 'ocsp',
          checkedAt,
          ...(status.revokedAt ? { revokedAt: status.revokedAt.toISOString() } : {}),
          ...(reason ? { reason } : {}),
        };
      }
      case 'unknown':
        return failed('ocsp', 'revocation-ocsp-unknown', 'the responder does not know this certificate');
    }
  }

  private unsuccessful(t: RevocationTarget, status: number): RevocationResult {
    switch (status) {
      case OCSP_RESPONSE_STATUS.tryLater:
      case OCSP_RESPONSE_STATUS.internalError:
        // Transient: the responder gave no answer about the certificate. Ask again later.
        return pending(t, 'ocsp', 'no-answer');
      case OCSP_RESPONSE_STATUS.sigRequired:
      case OCSP_RESPONSE_STATUS.unauthorized:
        return failed('ocsp', 'revocation-not-configured', `responder refused the request (OCSPResponseStatus ${status})`);
      default:
        return failed('ocsp', 'revocation-ocsp-malformed', `responder answered OCSPResponseStatus ${status}`);
    }
  }
}
