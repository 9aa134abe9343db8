/**
 * The APDU trace must not let anyone recover a card number: VERIFY under SM (08 20) and MUTUAL
 * AUTHENTICATE (00 82, whose E.IFD ‖ M.IFD is keyed by SHA-1 of the number) are redacted.
 */
import { describe, expect, it } from 'vitest';
import { redactCommand } from '../../src/transport/apdu-trace';
import { hex } from './scripted-responder';

describe('APDU trace redaction for the residence card', () => {
  it('redacts the MUTUAL AUTHENTICATE data (別添2 step 6) and the SM VERIFY cryptogram (step 13)', () => {
    const ma = hex('00 82 00 00 28 937745C20883A1BAD1E04193722A1592378F81A8F1DC589157AEB0F7544FA1BA 1AD7FB6A3389E017 00');
    const verify = hex('08 20 00 86 13 86 11 01 1AA82973DB959A811F9711D728F0EEF6');
    expect(redactCommand(ma)).toBe('00 82 00 00 <redacted 42 bytes>');
    expect(redactCommand(verify)).toBe('08 20 00 86 <redacted 20 bytes>');
  });

  it('keeps READ BINARY and SELECT visible', () => {
    expect(redactCommand(hex('08 B0 85 00 00 00 04 96 02 00 00 00 00'))).toContain('96 02');
  });
});
