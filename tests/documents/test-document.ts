/**
 * A second document, made up for tests, to prove the seam takes a document that is not the My
 * Number Card without touching shared code: its own AID, a 12-character card-number credential
 * with no readable counter (like the residence card), a 4-digit PIN with one, one purpose, its own
 * checks (`td.` ids) and reasons, a 12-digit document number as its evidence identifier and a
 * forbidden `honseki` member (like the licence).
 *
 * The card is a SimulatedCard model: DF `td` with EF 01 (the document number and name as
 * "number|name", readable after the PIN) and PIN EF 11 (3 tries).
 */
import { CardStatusError } from '../../src/apdu/status-words';
import { CardChannel } from '../../src/cards/iso7816/card-channel';
import { queryRetries, verifyGuarded } from '../../src/cards/iso7816/pin-guard';
import type { CredentialSpec, DocumentDriver, VerificationPlan, VerificationStep } from '../../src/documents/document-driver';
import { KazasuError } from '../../src/errors/kazasu-error';
import { ALWAYS, anyOf, type CardModel } from '../../src/sim/card/card-model';
import { SimulatedCard } from '../../src/sim/card/simulated-card';
import { check, type Check, type CoreAttributes, type CoreMaterial, type VerificationReport } from '../../src/verify/report';

export const TEST_AID = Uint8Array.of(0xd2, 0x76, 0x00, 0x00, 0x99, 0x01, 0x02, 0x03, 0x04, 0x05);
export const TEST_PIN = '2468';
export const TEST_CARD_NUMBER = 'AB12345678CD';
export const TEST_DOCUMENT_NUMBER = '123456789012';

const text = (s: string) => new TextEncoder().encode(s);

export function testDocumentCard(options: { readonly pinTries?: number } = {}): SimulatedCard {
  const model: CardModel = {
    atr: Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01),
    seed: 'test-document',
    dfs: [
      {
        name: 'td',
        aid: TEST_AID,
        signatureSchemes: 'digest-info-only',
        files: [
          { kind: 'transparent', fid: 0x01, content: text(`${TEST_DOCUMENT_NUMBER}|TEST HOLDER`), read: anyOf(0x11, 0x12) },
          { kind: 'transparent', fid: 0x02, content: text('free'), read: ALWAYS },
          { kind: 'pin', fid: 0x11, secret: text(TEST_PIN), maxTries: 3, initialTries: options.pinTries ?? 3 },
          // The card number: a key with no counter the reader can see (answers 6300, like "no limit").
          { kind: 'pin', fid: 0x12, secret: text(TEST_CARD_NUMBER), maxTries: null },
        ],
      },
    ],
  };
  return new SimulatedCard(model, () => undefined);
}

/** A card that answers every SELECT with 6A82: no registered document. */
export function blankCard(): SimulatedCard {
  return new SimulatedCard({ atr: Uint8Array.of(0x3b, 0x00), seed: 'blank', dfs: [] }, () => undefined);
}

class TestFormatError extends KazasuError {
  readonly code = 'credential-format' as const;
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`credential format: ${field}: ${reason}`);
  }
}

type TestCredential = 'pin' | 'cardNumber';
type TestLabel = 'open-card' | 'td-verify-pin' | 'td-read' | 'verify';
export type TestReport = VerificationReport<'passport', CoreAttributes & { readonly documentNumber?: string }, { readonly photo?: Uint8Array }, CoreMaterial, Check<'td.read' | 'td.number' | 'trust.anchors', 'ok' | 'td-number-format' | 'not-read'>>;

const CREDENTIALS: Record<TestCredential, CredentialSpec> = {
  pin: {
    flag: 'pin',
    normalise: (v) => {
      if (!/^\d{4}$/.test(v)) throw new TestFormatError('pin', 'pin-not-4-digits');
      return v;
    },
    counterReadable: true,
  },
  cardNumber: {
    flag: 'card-number',
    normalise: (v) => {
      const upper = v.toUpperCase();
      if (!/^[A-Z]{2}\d{8}[A-Z]{2}$/.test(upper)) throw new TestFormatError('cardNumber', 'card-number-format');
      return upper;
    },
    counterReadable: false,
    attemptsPerPlacement: 2,
  },
};

interface Run {
  channel: CardChannel;
  /** Key EF and value to verify: the PIN (counter) or the card number (field). */
  key: number;
  pin: string;
  confirmLastTry: boolean;
  number?: string;
  name?: string;
}

const steps: readonly VerificationStep<Run, TestLabel>[] = [
  { label: 'open-card', run: async () => undefined },
  {
    label: 'td-verify-pin',
    async run(run) {
      await run.channel.selectDf(TEST_AID);
      await verifyGuarded(run.channel, run.key, text(run.pin), { confirmLastTry: run.confirmLastTry });
    },
  },
  {
    label: 'td-read',
    async run(run, ctx) {
      const data = new TextDecoder().decode(await run.channel.sendOk({ cla: 0x00, ins: 0xb0, p1: 0x81, p2: 0x00, le: 256 }));
      const [number, name] = data.split('|');
      run.number = number;
      run.name = name;
      ctx.add(check('td.read', 'pass', 'ok', undefined, ctx.now()));
      ctx.add(/^\d{12}$/.test(number ?? '') ? check('td.number', 'pass', 'ok', undefined, ctx.now()) : check('td.number', 'fail', 'td-number-format', undefined, ctx.now()));
    },
  },
  { label: 'verify', run: async (_run, ctx) => void ctx.add(check('trust.anchors', 'skipped', 'not-read', undefined, ctx.now())) },
];

export const TEST_DRIVER: DocumentDriver<TestReport, TestCredential, TestLabel> = {
  kind: 'passport',
  title: { ja: 'テスト書類', en: 'test document' },
  async detect(channel) {
    try {
      await channel.selectDf(TEST_AID);
      await channel.sendOk({ cla: 0x00, ins: 0xb0, p1: 0x82, p2: 0x00, le: 256 }); // EF 02, free
      return { kind: 'match', variant: 'v1' };
    } catch (e) {
      if (e instanceof CardStatusError) return { kind: 'no-match' };
      throw e;
    }
  },
  credentials: CREDENTIALS,
  async readTries(channel, needed) {
    await channel.selectDf(TEST_AID);
    const out: Partial<Record<TestCredential, Awaited<ReturnType<typeof queryRetries>>>> = {};
    for (const k of needed) out[k] = k === 'pin' ? await queryRetries(channel, 0x11) : { kind: 'not-readable' };
    return out;
  },
  credentialOf: (e, needed) => (/00 20 00 92/.test(String((e as { message?: unknown }).message)) ? 'cardNumber' : (needed[0] ?? 'pin')),
  purposes: {
    counter: { credentials: ['pin'], reads: 'number and name', revocation: 'none', requiredChecks: ['td.read', 'td.number'], legalMethod: { ja: 'テスト方式', en: 'test method' } },
    field: { credentials: ['cardNumber'], reads: 'number and name', revocation: 'none', requiredChecks: ['td.read', 'td.number'] },
  },
  plan(purpose, credentials): VerificationPlan<TestReport, Run, TestLabel> {
    const field = purpose === 'field';
    return {
      steps,
      open: (ctx) => ({
        channel: new CardChannel(ctx.transport),
        key: field ? 0x12 : 0x11,
        pin: (field ? credentials.values.cardNumber : credentials.values.pin) ?? '',
        confirmLastTry: credentials.confirmLastTry,
      }),
      close: (run) => run.channel.close(),
      finish: (run) => ({
        attributes: { ...(run.name ? { name: run.name } : {}), ...(run.number ? { documentNumber: run.number } : {}) },
        images: {},
        material: { pendingRevocations: [] },
      }),
    };
  },
  catalogue: {
    titles: { 'td.read': { ja: '読み取り', en: 'Read' }, 'td.number': { ja: '番号の形式', en: 'Number format' } },
    reasons: { 'td-number-format': { ja: '番号の形式が違います。', en: 'The number has the wrong format.' } },
  },
  async readout(transport) {
    const channel = new CardChannel(transport);
    try {
      await channel.selectDf(TEST_AID);
      const free = new TextDecoder().decode(await channel.sendOk({ cla: 0x00, ins: 0xb0, p1: 0x82, p2: 0x00, le: 256 }));
      return { json: { free }, lines: [`free file: ${free}`], files: {}, errors: [] };
    } finally {
      channel.close();
    }
  },
  readOptions: [],
  evidence: {
    describe: async (report) => ({ ...(report.attributes.documentNumber ? { identifier: { scheme: 'test-document-number', value: report.attributes.documentNumber } } : {}), cardIdentifiers: {} }),
    forbidden: { identifierFormat: /^\d{12}$/, forbiddenMembers: ['honseki', '本籍'] },
  },
};
