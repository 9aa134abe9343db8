import { describe, expect, it } from 'vitest';
import {
  configOrigins,
  EMPTY_REVOCATION_CONFIG,
  endpointProblem,
  forPurpose,
  parseRevocationConfig,
  revocationConfigOr,
  revocationDeployment,
  RevocationConfigError,
} from '../../src/app/revocation/revocation-config';
import { readRevocationDeployment } from '../../src/app/revocation/revocation-deployment';
import { contentSecurityPolicy } from '../../src/app/security/http-headers';

const FULL = {
  crlUrls: { sign: 'https://crl.example.jp/sign.crl', auth: 'http://127.0.0.1:8080/auth.crl' },
  ocspUrl: 'https://ocsp.example.jp/{purpose}',
  platformEndpoint: 'https://platform.example.jp/v1/revocation',
  refreshHours: 6,
};

describe('revocation configuration', () => {
  it('reads a full configuration and names each origin once', () => {
    const c = parseRevocationConfig(FULL);
    expect(c).toEqual(FULL);
    expect(configOrigins(c)).toEqual(['https://crl.example.jp', 'http://127.0.0.1:8080', 'https://ocsp.example.jp', 'https://platform.example.jp']);
    expect(forPurpose(c.ocspUrl, 'sign')).toBe('https://ocsp.example.jp/sign');
  });

  it('missing members are empty; the default schedule is daily', () => {
    expect(parseRevocationConfig({})).toEqual(EMPTY_REVOCATION_CONFIG);
    expect(EMPTY_REVOCATION_CONFIG.refreshHours).toBe(24);
  });

  it.each([
    [{ crlUrls: { sign: 'http://crl.example.jp/x.crl' } }, 'not-https'],
    [{ ocspUrl: 'ftp://ocsp.example.jp' }, 'not-https'],
    [{ ocspUrl: 'https://user:pw@ocsp.example.jp' }, 'not-https'],
    [{ ocspUrl: 'https://[::1]/' }, 'not-a-url'],
    [{ ocspUrl: 'https://*.example.jp/' }, 'not-a-url'],
    [{ ocspUrl: 'not a url' }, 'not-a-url'],
    [{ refreshHours: 2 }, 'refreshHours'],
    [{ apiKey: 'secret' }, 'unexpected member'],
    [{ crlUrls: { residence: 'https://x.example/' } }, 'unexpected member'],
    [[], 'not an object'],
  ])('refuses %j', (value, reason) => {
    expect(() => parseRevocationConfig(value)).toThrow(RevocationConfigError);
    expect(() => parseRevocationConfig(value)).toThrow(reason);
  });

  it('an endpoint must be allowed by the build (CSP); empty is fine', () => {
    const allowed = ['https://crl.example.jp'];
    expect(endpointProblem('', allowed)).toBeUndefined();
    expect(endpointProblem('https://crl.example.jp/a.crl', allowed)).toBeUndefined();
    expect(endpointProblem('https://other.example.jp/a.crl', allowed)).toBe('not-allowed');
    expect(endpointProblem('http://crl.example.jp/a.crl', allowed)).toBe('not-https');
    expect(endpointProblem(`https://crl.example.jp/${'a'.repeat(3000)}`, allowed)).toBe('too-long');
  });

  it('a stored value that does not read falls back instead of throwing', () => {
    expect(revocationConfigOr({ ocspUrl: 42 }, EMPTY_REVOCATION_CONFIG)).toBe(EMPTY_REVOCATION_CONFIG);
    expect(revocationConfigOr(undefined, EMPTY_REVOCATION_CONFIG)).toBe(EMPTY_REVOCATION_CONFIG);
  });
});

describe('deployment and CSP', () => {
  it('the deployment file becomes the defaults and its origins join connect-src after KAZASU_CONNECT_ORIGINS', () => {
    const d = revocationDeployment(JSON.stringify(FULL), ['https://ocsp.example.jp', 'https://extra.example.jp']);
    expect(d.defaults).toEqual(FULL);
    expect(d.connectOrigins).toEqual(['https://ocsp.example.jp', 'https://extra.example.jp', 'https://crl.example.jp', 'http://127.0.0.1:8080', 'https://platform.example.jp']);
    const csp = contentSecurityPolicy({ connectOrigins: d.connectOrigins });
    const connect = csp.split('; ').find((x) => x.startsWith('connect-src'))!;
    for (const o of d.connectOrigins) expect(connect.split(' ')).toContain(o);
    expect(connect).not.toContain('*.');
  });

  it('no file: no defaults, only the given origins; a bad file fails the build', () => {
    expect(revocationDeployment(undefined, [])).toEqual({ defaults: EMPTY_REVOCATION_CONFIG, connectOrigins: [] });
    expect(() => revocationDeployment('{', [])).toThrow(RevocationConfigError);
    expect(() => revocationDeployment(JSON.stringify({ ocspUrl: 'http://ocsp.example.jp' }), [])).toThrow('not-https');
  });

  it('the app reads the deployment back strictly', () => {
    const d = revocationDeployment(JSON.stringify(FULL), []);
    expect(readRevocationDeployment(JSON.stringify(d))).toEqual(d);
    expect(readRevocationDeployment(undefined)).toEqual({ defaults: EMPTY_REVOCATION_CONFIG, connectOrigins: [] });
    expect(readRevocationDeployment('{"defaults":{"ocspUrl":1},"connectOrigins":[1,"https://a.example"]}')).toEqual({ defaults: EMPTY_REVOCATION_CONFIG, connectOrigins: ['https://a.example'] });
  });
});
