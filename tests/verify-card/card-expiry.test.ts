/** card.expiry: valid through the end of the expiry day in Japan time (UTC+9). */
import { describe, expect, it } from 'vitest';
import { cardExpiryInstant, checkCardExpiry } from '../../src/verify/card/card-expiry';

describe('checkCardExpiry', () => {
  it.each([
    ['2035-02-17T00:00:00+09:00', 'pass', 'ok'], // the day itself, first moment
    ['2035-02-17T23:59:59.999+09:00', 'pass', 'ok'], // the day itself, last moment
    ['2035-02-17T14:59:59.999Z', 'pass', 'ok'], // same instant written in UTC
    ['2035-02-18T00:00:00+09:00', 'fail', 'card-expired'], // next day 00:00 JST
    ['2035-02-17T15:00:00Z', 'fail', 'card-expired'], // same instant in UTC (still the 17th there)
    ['2040-01-01T00:00:00Z', 'fail', 'card-expired'],
    ['2026-11-22T12:00:00Z', 'pass', 'ok'],
  ] as const)('expiry 2035-02-17 at %s → %s', (now, status, code) => {
    const c = checkCardExpiry('2035-02-17', new Date(now));
    expect(c).toMatchObject({ id: 'card.expiry', status, code });
    expect(c.at).toBe(new Date(now).toISOString());
  });

  it('month and year ends roll over correctly', () => {
    expect(cardExpiryInstant('2034-12-31')!.toISOString()).toBe('2034-12-31T15:00:00.000Z');
    expect(cardExpiryInstant('2028-02-29')!.toISOString()).toBe('2028-02-29T15:00:00.000Z');
  });

  it.each(['2035-02-30', '2027-02-29', '2035-13-01', '20350217', '2035-2-17', '', 'YYYY-MM-DD', '２０３５-02-17'])('malformed %j → record-malformed', (bad) => {
    expect(checkCardExpiry(bad, new Date('2030-01-01T00:00:00Z'))).toMatchObject({ status: 'fail', code: 'record-malformed' });
  });
});
