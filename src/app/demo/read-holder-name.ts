import { buildVerificationCodeB } from '../../cards/mynumber/credentials';
import { MyNumberCard } from '../../cards/mynumber/mynumber-card';
import { isKazasuError } from '../../errors/kazasu-error';
import { fromSnapshot } from '../../sim/card/card-snapshot';
import { SimulatedCard } from '../../sim/card/simulated-card';
import { simCardSigner } from '../../sim/mynumber/card-signing';
import { SimulatedTransport } from '../../transport/simulated-transport';
import type { DemoCard } from '../../sim/mynumber/demo-card';

export type NameReadResult = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly code: string };

/**
 * Demo mode's first flow: put the simulated card on a simulated reader, open the text AP with
 * 照合番号B built from what is printed on the card (PIN-free, spec §2.1), read the basic-4 file
 * and return the holder's name. Every failure becomes its stable error code.
 */
export async function readHolderName(demo: DemoCard): Promise<NameReadResult> {
  const transport = new SimulatedTransport(new SimulatedCard(fromSnapshot(demo.snapshot), simCardSigner));
  const card = new MyNumberCard(transport);
  try {
    await transport.connect();
    const codeB = buildVerificationCodeB({
      birthDate: demo.printed.birthDate,
      expiryYear: Number(demo.printed.expiryDate.slice(0, 4)),
      securityCode: demo.printed.securityCode,
      birthDateForm: demo.printed.codeBBirthDateForm,
    });
    await card.text.verify('codeB', codeB);
    const basic = await card.text.readBasicFour();
    return { ok: true, name: basic.name };
  } catch (e) {
    if (isKazasuError(e)) return { ok: false, code: e.code };
    throw e;
  } finally {
    card.close();
    await transport.disconnect();
  }
}
