/**
 * The display descriptors the residence-card screens use (documents/residence-card/
 * residence-card-fields.ts) against real reports: every field and image a verified card of each
 * generation and kind yields is described for that generation and kind, with the signature
 * coverage the verifier reports; the period-of-stay wording follows the stored form.
 */
import { describe, expect, it } from 'vitest';
import type { ResidenceCardReport } from '../../src/documents/residence-card/residence-card-report';
import { periodOfStayText, RESIDENCE_CARD_FIELDS, residenceFieldsFor, residenceImagesFor } from '../../src/documents/residence-card/residence-card-fields';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { environment } from '../verify-flows/flow-helpers';
import { builtProfile } from './rc-helpers';

describe('residence-card display fields', () => {
  it.each(['rc1-adult', 'rc1-special-permanent', 'rc2-adult', 'rc2-special-permanent'])('%s (bank: everything read): every value and image is described, signed as the report says', async (profile) => {
    const transport = new SimulatedTransport(new SimulatedResidenceCard((await builtProfile(profile)).model));
    await transport.connect();
    const r = (await runVerification(transport, PURPOSES.bank, { cardNumber: namedRcProfile(profile)!.cardNumber }, await environment(), undefined, { document: 'residence-card' })) as ResidenceCardReport;
    await transport.disconnect();
    const { generation, cardKind } = r.attributes;
    const fields = residenceFieldsFor(generation, cardKind);
    const present = Object.entries(r.attributes.residence);
    expect(present.length).toBeGreaterThan(2);
    for (const [key, value] of present) {
      const spec = fields.find((f) => f.key === key);
      expect(spec, `${profile}: ${key}`).toBeDefined();
      expect((value as { signed: boolean }).signed, `${profile}: ${key}`).toBe(spec!.signed);
    }
    const images = residenceImagesFor(generation).map((i) => i.key);
    for (const [key, bytes] of Object.entries(r.images)) if (bytes) expect(images, `${profile}: ${key}`).toContain(key);
    expect(r.images.photoJp2).toBeDefined();
  });

  it('labels are bilingual and keys unique', () => {
    expect(new Set(RESIDENCE_CARD_FIELDS.map((f) => f.key)).size).toBe(RESIDENCE_CARD_FIELDS.length);
    for (const f of RESIDENCE_CARD_FIELDS) expect(f.label.ja && f.label.en, f.key).toBeTruthy();
  });

  it('period of stay: years and months, days, no fixed end; anything else is not worded', () => {
    expect(periodOfStayText('0300')).toEqual({ ja: '3年', en: '3 years' });
    expect(periodOfStayText('0106')).toEqual({ ja: '1年6月', en: '1 year 6 months' });
    expect(periodOfStayText('090')).toEqual({ ja: '90日', en: '90 days' });
    expect(periodOfStayText('0000')).toEqual({ ja: '期限の定めなし', en: 'No fixed end' });
    for (const bad of ['', '0012', 'AB12', '00000', '000']) expect(periodOfStayText(bad), bad).toBeUndefined();
  });
});
