import { describe, expect, it } from 'vitest';
import { buildEvidenceRecord } from '../../src/evidence/evidence-record';
import { evidencePolicyFor } from '../../src/evidence/evidence-policy';
import { buildCsvExport, csvField } from '../../src/evidence/evidence-export';
import { parseEvidenceRecord } from '../../src/evidence/evidence-record-parse';
import { PURPOSES } from '../../src/session/purposes';
import { CONFIRMED_AT, draftFor, freshStore, rawAll, readCheck } from './evidence-helpers';

/** A small RFC 4180 reader, written here so the export is checked against an independent parser. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (ch === '"' || ch === '\n' || ch === '\r') throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('no CRLF after the last row');
  return rows;
}

describe('csvField (RFC 4180 + formula guard)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['line\nfeed', '"line\nfeed"'],
    [' padded', '" padded"'],
    ['=1+1', "'=1+1"],
    ['+81', "'+81"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['  =HYPERLINK("x")', '"\'  =HYPERLINK(""x"")"'],
    ['＝1+1', "'＝1+1"],
    ['=A1,B1', '"\'=A1,B1"'],
    ['a=b', 'a=b'],
    ['2026-11-20T12:00:00.000+09:00', '2026-11-20T12:00:00.000+09:00'],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

describe('exportCsv', () => {
  it('one row per record with check columns, staff confirmations, operator and personal fields', async () => {
    const { store } = await freshStore();
    const counter = await store.append(await draftFor('counter'));
    const age = await store.append(await draftFor('age'));
    const rows = parseCsv(await store.exportCsv());
    expect(rows).toHaveLength(3);
    const [header, r1, r2] = rows as [string[], string[], string[]];
    for (const r of [r1, r2]) expect(r).toHaveLength(header.length);
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(header.slice(0, 4)).toEqual(['kind', 'id', 'seq', 'createdAt']);
    expect(col(r1, 'id')).toBe(counter.id);
    expect(col(r2, 'id')).toBe(age.id);
    expect(col(r1, 'legalMethodJa')).toBe(PURPOSES.counter.legalMethod.ja);
    expect(col(r1, 'outcome')).toBe('verified');
    expect(col(r1, 'staffResult')).toBe('confirmed');
    expect(col(r1, 'staffFace')).toBe('match');
    expect(col(r1, 'staffPrintedCard')).toBe('match');
    expect(col(r1, 'staffApplicationForm')).toBe('');
    expect(col(r1, 'staffConfirmedBy')).toBe('staff-042');
    expect(col(r2, 'staffPrintedCard')).toBe('');
    expect(col(r1, 'operatorId')).toBe('staff-042');
    expect(col(r1, 'personalName')).toBe('山田　花子');
    expect(col(r1, 'personalAddress')).toBe('東京都千代田区かざす町一丁目２番３号');
    expect(col(r1, 'personalBirthDate')).toBe('1980-02-17');
    expect(col(r2, 'personalName')).toBe('');
    expect(col(r2, 'over20')).toBe('yes');
    expect(col(r1, 'check:face.card-face-signature')).toBe('pass:ok');
    expect(col(r1, 'check:trust.anchors')).toBe('warn:non-production-anchor');
    expect(col(r2, 'check:face.age-record-signature')).toBe('pass:ok');
    expect(col(r1, 'check:face.age-record-signature')).toBe('');
    // Every check of each record has its column.
    for (const [row, rec] of [[r1, counter], [r2, age]] as const) {
      for (const c of rec.checks) expect(col(row, `check:${c.id}`)).toBe(`${c.status}:${c.code}`);
    }
  });

  it('omits the personal columns when no record keeps personal data', async () => {
    const { store } = await freshStore();
    await store.append(await draftFor('age'));
    const [header] = parseCsv(await store.exportCsv());
    expect(header!.filter((h) => h.startsWith('personal'))).toEqual([]);
  });

  it('quotes and guards hostile values so a spreadsheet shows them as text', async () => {
    const { report, identifiers } = await readCheck('counter');
    const hostileName = '=HYPERLINK("http://evil.example","click"), "Hanako"\r\nnext';
    const hostile = { ...report, attributes: { ...report.attributes, name: hostileName, address: '@SUM(A1:A9)' } };
    const draft = buildEvidenceRecord(hostile, {
      purpose: PURPOSES.counter,
      policy: evidencePolicyFor('counter'),
      kioskId: '+kiosk',
      operatorId: '-1+1',
      appVersion: '0.1.0',
      staffConfirmations: { result: 'mismatch', answers: [{ item: 'face', answer: 'mismatch' }], faceComparedWith: 'chip-photo', confirmedAt: CONFIRMED_AT },
      credentialEntry: 'manual',
      cardIdentifiers: identifiers,
    });
    const { store } = await freshStore();
    await store.append(draft);
    const csv = await store.exportCsv({ excelBom: true });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, row] = parseCsv(csv.slice(1)) as [string[], string[]];
    const col = (name: string) => row[header.indexOf(name)];
    expect(col('personalName')).toBe(`'${hostileName}`);
    expect(col('personalAddress')).toBe("'@SUM(A1:A9)");
    expect(col('kioskId')).toBe("'+kiosk");
    expect(col('operatorId')).toBe("'-1+1");
    expect(col('staffFace')).toBe('mismatch');
    expect(col('staffResult')).toBe('mismatch');
    expect(col('outcome')).toBe('failed');
    expect(col('chipOutcome')).toBe('verified');
    expect(col('failureReasons')).toBe('staff:face');
    // No cell in the file begins with a formula character.
    for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe('exportJson', () => {
  it('holds the records, the verification verdict and link metadata that match the stored entries', async () => {
    const { store, factory, dbName } = await freshStore();
    await store.append(await draftFor('counter'));
    await store.append(await draftFor('field'));
    const out = JSON.parse(await store.exportJson());
    expect(out.format).toBe('kazasu.evidence-export');
    expect(out.version).toBe(1);
    expect(out.exportedAt).toMatch(/\+09:00$/);
    expect(out.chain).toMatchObject({ ok: true, count: 2, hashLayout: 'kazasu/evidence/entry/v1', head: { seq: 2 } });
    expect(out.records).toEqual(JSON.parse(JSON.stringify(await store.list())));
    const raw = await rawAll(factory, dbName, 'entries');
    expect(out.entries.map((e: { seq: number; hash: string; prevHash: string }) => [e.seq, e.hash, e.prevHash])).toEqual(
      raw.map((x) => {
        const v = x.value as { seq: number; hash: string; prevHash: string };
        return [v.seq, v.hash, v.prevHash];
      }),
    );
    expect(out.chain.head.hash).toBe(out.entries[1].hash);
    expect(out.entries[0].prevHash).toBe('0'.repeat(64));
  });
});

describe('version 1 records (tick boxes) are still read and exported', () => {
  it('parses a stored version 1 record and exports its tick boxes as such', async () => {
    const draft = await draftFor('counter');
    const v1 = {
      ...draft,
      version: 1,
      id: '3f1c2b7a-1234-4567-8901-234567890123',
      seq: 1,
      createdAt: '2026-11-20T12:02:00.000+09:00',
      staffConfirmations: { faceMatches: true, printedCardMatches: false, confirmedAt: '2026-11-20T12:01:00.000+09:00' },
    } as Record<string, unknown>;
    delete v1.chipOutcome;
    delete v1.failureReasons;
    const parsed = parseEvidenceRecord(JSON.parse(JSON.stringify(v1)));
    expect(parsed.version).toBe(1);
    const [header, row] = parseCsv(buildCsvExport([parsed])) as [string[], string[]];
    const col = (name: string) => row[header.indexOf(name)];
    expect(col('staffResult')).toBe('legacy-ticks');
    expect(col('staffFaceMatches')).toBe('yes');
    expect(col('staffPrintedCardMatches')).toBe('no');
    expect(col('staffFace')).toBe('');
    // A version 3 record without its answers list is malformed.
    expect(() => parseEvidenceRecord({ ...v1, version: 3 })).toThrow(/staffConfirmations/);
  });
});
