import { describe, expect, it } from 'vitest';
import { CodeBConsensus, type FrameRead } from '../../src/app/ocr/consensus';
import { parseBirthDateLine, parseExpiryLine, parseSecurityCodeLine } from '../../src/app/ocr/code-b-text';

const TODAY = { year: 2026, month: 12, day: 1 };
const frame = (birth: string, expiry: string, code: string): FrameRead => ({
  birthDate: parseBirthDateLine(birth),
  expiry: parseExpiryLine(expiry),
  securityCode: parseSecurityCodeLine(code),
});
const GOOD = frame('昭和55年 2月17日生', '2035年 2月17日まで有効', '2285');

describe('frame consensus', () => {
  it('never trusts one frame: two agreeing frames per item', () => {
    const c = new CodeBConsensus({ today: TODAY });
    expect(c.add(GOOD)).toEqual({ kind: 'reading', settled: [], frames: 1 });
    const second = c.add(GOOD);
    expect(second.kind).toBe('ready');
    expect(second.kind === 'ready' && second.values.codeB).toBe('55021720352285');
  });

  it('items may settle in different frames', () => {
    const c = new CodeBConsensus({ today: TODAY });
    c.add(frame('昭和55年 2月17日生', '', ''));
    expect(c.add(frame('昭和55年 2月17日生', '2035年 2月17日まで有効', 'x'))).toMatchObject({ kind: 'reading', settled: ['birthDate'] });
    expect(c.add(frame('', '2035年 2月17日まで有効', '2285'))).toMatchObject({ kind: 'reading', settled: ['birthDate', 'expiry'] });
    expect(c.add(frame('', '', '2285')).kind).toBe('ready');
  });

  it('one stray misread means a third agreeing frame is needed', () => {
    const c = new CodeBConsensus({ today: TODAY });
    c.add(GOOD);
    c.add(frame('昭和55年 2月17日生', '2035年 2月17日まで有効', '2286'));
    expect(c.add(GOOD)).toMatchObject({ kind: 'reading', settled: ['birthDate', 'expiry'] });
    const state = c.add(GOOD);
    expect(state.kind === 'ready' && state.values.securityCode).toBe('2285');
  });

  it('a birth date that cannot exist gets no vote and is reported', () => {
    const c = new CodeBConsensus({ today: TODAY });
    const bad = frame('昭和64年 2月 1日生', '2035年 2月 1日まで有効', '2285');
    expect(c.add(bad)).toEqual({ kind: 'reading', settled: [], frames: 1, refused: 'birth-outside-era' });
    expect(c.add(bad)).toEqual({ kind: 'reading', settled: ['expiry', 'securityCode'], frames: 2, refused: 'birth-outside-era' });
    for (let i = 0; i < 10; i++) expect(c.add(bad).kind).toBe('reading');
  });

  it('agreeing items that do not fit together are thrown away and reading starts over', () => {
    const c = new CodeBConsensus({ today: TODAY });
    const mismatch = frame('昭和55年 2月17日生', '2035年 3月17日まで有効', '2285');
    c.add(mismatch);
    expect(c.add(mismatch)).toEqual({ kind: 'rejected', reason: 'expiry-not-on-birthday', frames: 2 });
    expect(c.add(GOOD)).toEqual({ kind: 'reading', settled: [], frames: 1 });
  });

  it('agree: 1 trusts a single frame (the benchmark\'s single-photo mode)', () => {
    expect(new CodeBConsensus({ today: TODAY, agree: 1 }).add(GOOD).kind).toBe('ready');
  });
});
