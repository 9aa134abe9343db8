/**
 * The licence details view (app/documents/licence) rendered to HTML from real reports of the
 * simulated licences: the address with the latest change applied AND the original, expiry with
 * its colour category, classes, conditions, licence number, both calendars, 外字 drawn and flagged.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LicenceDetails } from '../../src/app/documents/licence/LicenceDetails';
import { ja } from '../../src/app/i18n/catalogue';
import type { LicenceReport } from '../../src/documents/licence/licence-report';
import { SIMULATED_LICENCE } from '../../src/node/sim-documents/licence';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { simulatedLicenceCardFor } from '../../src/sim/licence';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { environment } from '../verify-flows/flow-helpers';
import { licence } from '../licence/licence-helpers';

async function reportOf(id: string, pin1: string, pin2: string): Promise<LicenceReport> {
  const t = new SimulatedTransport(simulatedLicenceCardFor((await licence(id)).model));
  await t.connect();
  try {
    const env = { ...(await environment()), documentAnchors: await SIMULATED_LICENCE.anchors() };
    return (await runVerification(t, PURPOSES.counter, { pin1, pin2 }, env, undefined, { document: 'drivers-licence' })) as LicenceReport;
  } finally {
    await t.disconnect();
  }
}

const render = (r: LicenceReport, compact = false) => renderToString(createElement(LicenceDetails, { report: r, at: new Date(r.finishedAt), ...(compact ? { compact } : {}) }));

describe('LicenceDetails', () => {
  it('a moved holder: the current address, the address as issued and the change record', async () => {
    const r = await reportOf('licence-moved', '1111', '2222');
    const lic = r.attributes.licence!;
    expect(lic.addressChanges.length).toBeGreaterThan(0);
    const html = render(r);
    expect(html).toContain('data-testid="holder-address"');
    expect(html).toContain('data-testid="address-original"');
    expect(html).toContain('data-testid="address-change"');
    expect(html).toContain(lic.addressText.text.slice(0, 4));
    expect(html).toContain(lic.licenceNumber);
    expect(html).toContain(lic.expiry.ja);
    expect(html).toContain(lic.colour.ja);
    expect(html).toContain(lic.birthDateShown.ja);
  });

  it('many classes and conditions are listed', async () => {
    const r = await reportOf('licence-many-classes', '3690', '2580');
    const lic = r.attributes.licence!;
    const html = render(r);
    for (const c of lic.classes) expect(html).toContain(c.ja);
    for (const c of lic.conditions) expect(html).toContain(c.replaceAll('&', '&amp;'));
  });

  it('外字 in the name: drawn from the card and flagged for staff', async () => {
    const r = await reportOf('licence-gaiji-name', '2468', '1357');
    const html = render(r, true);
    expect(html).toContain('data-testid="gaiji-glyph"');
    expect(html).toContain(ja['dl.gaijiFlag']);
  });
});
