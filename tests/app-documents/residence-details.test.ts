/**
 * The residence-card details view (app/documents/residence-card) rendered to HTML from real
 * reports of each generation and kind: what the clerk compares is there, the 住居地 carries the
 * "not covered by the signature" mark, dates are in both calendars, nothing is invented for gen 1.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ResidenceDetails } from '../../src/app/documents/residence-card/ResidenceDetails';
import { ja } from '../../src/app/i18n/catalogue';
import type { ResidenceCardReport } from '../../src/documents/residence-card/residence-card-report';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { environment } from '../verify-flows/flow-helpers';
import { builtProfile } from '../residence-card/rc-helpers';

async function reportOf(profile: string): Promise<ResidenceCardReport> {
  const transport = new SimulatedTransport(new SimulatedResidenceCard((await builtProfile(profile)).model));
  await transport.connect();
  const r = (await runVerification(transport, PURPOSES.counter, { cardNumber: namedRcProfile(profile)!.cardNumber }, await environment(), undefined, { document: 'residence-card' })) as ResidenceCardReport;
  await transport.disconnect();
  return r;
}

const count = (html: string, s: string) => html.split(s).length - 1;

describe('ResidenceDetails', () => {
  it('gen 1 residence card: the front image figure, the DF2 address marked not signed, no invented text fields', async () => {
    const r = await reportOf('rc1-adult');
    expect(r.outcome).toBe('verified');
    const html = renderToString(createElement(ResidenceDetails, { report: r, at: new Date(r.finishedAt) }));
    expect(html).toContain('data-testid="rc-front-image"');
    expect(html).toContain('在留カード（第1世代）');
    expect(html).toMatch(/data-testid="rc-address" data-signed="false"/);
    expect(html).toContain(ja['rc.notSigned']);
    expect(html).not.toContain('data-testid="rc-birthDate"');
    expect(html).toContain(namedRcProfile('rc1-adult')!.cardNumber);
  });

  it('gen 2 residence card: signed text with both calendars, name image, the address image marked not signed', async () => {
    const r = await reportOf('rc2-adult');
    const html = renderToString(createElement(ResidenceDetails, { report: r, at: new Date(r.finishedAt) }));
    expect(html).toMatch(/data-testid="rc-birthDate" data-signed="true"/);
    expect(html).toContain('1997年11月5日');
    expect(html).toContain('平成9年11月5日');
    expect(html).toContain('3年'); // period of stay 0300 in words
    expect(html).toContain('data-testid="detail-name"');
    expect(html).toContain('data-testid="detail-address"');
    expect(count(html, ja['rc.notSigned'])).toBeGreaterThanOrEqual(1);
    expect(html).not.toContain('data-testid="rc-front-image"');
  });

  it('special permanent resident certificate: the kind is named and residence-card-only fields are absent', async () => {
    const r = await reportOf('rc2-special-permanent');
    const html = renderToString(createElement(ResidenceDetails, { report: r, at: new Date(r.finishedAt), compact: true }));
    expect(html).toContain('特別永住者証明書（第2世代）');
    expect(html).not.toContain('data-testid="rc-stayExpiry"');
    expect(html).not.toContain('data-testid="rc-workRestriction"');
  });
});
