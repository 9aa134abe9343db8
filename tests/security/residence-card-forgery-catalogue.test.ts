/**
 * docs/security.md §12 against the code: every forged residence card of
 * src/sim/residence-card/forgeries.ts is listed there, and through the document driver and the
 * generic runner (what the kiosk and `kazasu verify` use) it fails at the `check:reason` the
 * table names — or, where the attack stops authentication or secure messaging, with the typed
 * error the table names. Never 'verified'. Records the 'forgery-cases' figure.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResidenceCardReport } from '../../src/documents/residence-card/residence-card-report';
import { isKazasuError } from '../../src/errors/kazasu-error';
import { PURPOSES } from '../../src/session/purposes';
import { runVerification } from '../../src/session/run-verification';
import { RC_FORGERIES } from '../../src/sim/residence-card/forgeries';
import { namedRcProfile } from '../../src/sim/residence-card/profiles';
import { SimulatedResidenceCard } from '../../src/sim/residence-card/residence-sim-card';
import { SimulatedTransport } from '../../src/transport/simulated-transport';
import { RC_CHECK_TITLES, RC_REASONS } from '../../src/verify/residence-card';
import { environment } from '../verify-flows/flow-helpers';
import { buildProfile } from '../residence-card/rc-helpers';
import { recordFigure } from './figures';

const DOC = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
const SECTION = DOC.slice(DOC.indexOf('## 12. Residence card'), DOC.indexOf('\n## ', DOC.indexOf('## 12. Residence card') + 5));
/** `| id | what | generation | `check:reason` |` or `| id | what | generation | error `code` … |` */
const ROW = /^\| `(rc[12]-[a-z0-9-]+)` \| [^|]+ \| ([12]) \| (?:`([a-z0-9.-]+):([a-z0-9-]+)`|error `([a-z0-9-]+)`[^|]*) \|$/;

type Row = { readonly generation: 1 | 2 } & ({ readonly check: string; readonly reason: string } | { readonly error: string });

function documented(): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const line of SECTION.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    expect(rows.has(m[1]!), `${m[1]} is documented twice`).toBe(false);
    const generation = m[2] === '2' ? 2 : 1;
    rows.set(m[1]!, m[5] ? { generation, error: m[5] } : { generation, check: m[3]!, reason: m[4]! });
  }
  return rows;
}

const ctx = { build: buildProfile, profile: (id: string) => namedRcProfile(id)! };

describe('docs/security.md §12: residence-card forgeries through the driver', () => {
  const rows = documented();
  let cases = 0;
  afterAll(() => {
    recordFigure('residence-card-forgery-catalogue.test', 'forgery-cases', 'forged residence cards of src/sim/residence-card/forgeries.ts through the driver (zero false accepts)', cases);
  });

  it('documents every forgery (at least 10), and nothing that is not one, with real check ids and reason codes', () => {
    expect(RC_FORGERIES.length).toBeGreaterThanOrEqual(10);
    expect([...rows.keys()].sort()).toEqual(RC_FORGERIES.map((f) => f.id).sort());
    for (const [id, r] of rows) {
      expect(r.generation, id).toBe(id.startsWith('rc1') ? 1 : 2);
      if ('check' in r) {
        expect(Object.keys(RC_CHECK_TITLES), id).toContain(r.check);
        expect(Object.keys(RC_REASONS), id).toContain(r.reason);
      }
    }
  });

  for (const f of RC_FORGERIES) {
    it(`${f.id}: fails at the documented check and reason, never verified`, async () => {
      const doc = rows.get(f.id);
      expect(doc, `${f.id} missing from docs/security.md`).toBeDefined();
      if (!doc) return;
      const forged = await f.make(ctx);
      const transport = new SimulatedTransport(new SimulatedResidenceCard(forged.model));
      await transport.connect();
      let report: ResidenceCardReport | undefined;
      let error: unknown;
      try {
        report = (await runVerification(transport, PURPOSES.counter, { cardNumber: forged.printedCardNumber }, await environment(), undefined, { document: 'residence-card' })) as ResidenceCardReport;
      } catch (e) {
        error = e;
      } finally {
        await transport.disconnect();
      }
      cases++;
      expect(report?.outcome).not.toBe('verified');
      if ('error' in doc) {
        expect(isKazasuError(error), String(error)).toBe(true);
        expect((error as { code: string }).code).toBe(doc.error);
      } else {
        expect(error, String(error)).toBeUndefined();
        expect(report!.outcome).toBe('failed');
        expect(report!.checks.filter((c) => c.status === 'fail').map((c) => `${c.id}:${c.code}`)).toContain(`${doc.check}:${doc.reason}`);
      }
    });
  }
});
