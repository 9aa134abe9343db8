/**
 * The forgery catalogue of docs/security.md against the code (issue 6 item 3): every forged card
 * of src/sim/mynumber/forgeries.ts is listed in the document, and fails — never "verified" — at
 * the `check:reason` the document names for it. tests/verify-flows/forgeries.test.ts holds the
 * same expectations written from what each forgery does; this file keeps the document honest and
 * records the 'forgery-cases' figure.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSimCard } from '../../src/node/sim-loader';
import type { PurposeId } from '../../src/session/purposes';
import { FORGERIES, type ForgeryContext } from '../../src/sim/mynumber/forgeries';
import { CHECK_TITLES, REASONS } from '../../src/verify/check-catalogue';
import { BIRTH_KEY, card, environment, failing, verifyModel } from '../verify-flows/flow-helpers';
import { recordFigure } from './figures';

const DOC = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
const ROW = /^\| `([a-z0-9-]+)` \| [^|]+ \| (counter|bank|field|age) \| `([a-z0-9.-]+):([a-z0-9-]+)` \|/;

/** forgery id → the purpose and `check:reason` its table row documents. */
function documented(): Map<string, { purpose: PurposeId; check: string; reason: string }> {
  const rows = new Map<string, { purpose: PurposeId; check: string; reason: string }>();
  for (const line of DOC.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    expect(rows.has(m[1]!), `${m[1]} is documented twice`).toBe(false);
    rows.set(m[1]!, { purpose: m[2] as PurposeId, check: m[3]!, reason: m[4]! });
  }
  return rows;
}

describe('docs/security.md forgery catalogue', () => {
  const rows = documented();
  let ctx: ForgeryContext;
  let cases = 0;
  beforeAll(async () => {
    ctx = { build: buildSimCard, base: await card('default'), other: await card('gaiji-name') };
  });
  afterAll(() => {
    recordFigure('forgery-catalogue.test', 'forgery-cases', 'forged cards of src/sim/mynumber/forgeries.ts (zero false accepts)', cases);
  });

  it('documents every forgery, and nothing that is not one, with a real check id and reason code', () => {
    expect([...rows.keys()].sort()).toEqual(FORGERIES.map((f) => f.id).sort());
    for (const [id, r] of rows) {
      expect(Object.keys(CHECK_TITLES), id).toContain(r.check);
      expect(Object.keys(REASONS), id).toContain(r.reason);
    }
  });

  for (const f of FORGERIES) {
    it(`${f.id}: fails at the documented check and reason`, async () => {
      const doc = rows.get(f.id);
      expect(doc, `${f.id} missing from docs/security.md`).toBeDefined();
      const forged = await f.make(ctx);
      // 照合番号B from the card's own printed data: birth date key + expiry year + security code.
      const codeB = `${BIRTH_KEY.default}${forged.profile.card.expiryDate.slice(0, 4)}${forged.profile.card.securityCode}`;
      const report = await verifyModel(forged.model, doc!.purpose, { codeB, signPassword: 'KAZASU1', birthDateKey: BIRTH_KEY.default }, await environment(), forged.wrap);
      cases++;
      expect(report.outcome).toBe('failed');
      expect(failing(report)).toContain(`${doc!.check}:${doc!.reason}`);
    });
  }
});
