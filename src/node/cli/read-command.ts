import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isKazasuError } from '../../errors/kazasu-error';
import { MyNumberCard } from '../../cards/mynumber/mynumber-card';
import type { MyNumberLegalBasis } from '../../cards/mynumber/legal-basis';
import { formatWareki, toWareki } from '../../cards/mynumber/wareki';
import { SimulatedTransport } from '../../transport/simulated-transport';
import { simulatedCardFor } from '../../sim/mynumber/build-card';
import { buildSimCard, loadProfile } from '../sim-loader';
import { flag, parseArgs } from './cli-args';

export interface ReadOutput {
  profile: string;
  transport: string;
  jpki: {
    tokenLabel?: string;
    signCertificatePresent?: boolean;
    authCertificateBytes?: number;
    signCertificateBytes?: number;
    retries?: { auth?: string; sign?: string };
  };
  /** name/address are absent when the card's text held control, bidi or invisible characters (withheld by the parser). */
  text?: { name?: string; address?: string; birthDate: string; birthDateWareki: string; sex: string; myNumber?: string };
  face?: { birthDate: string; sex: string; expiryDate: string; photoBytes: number; nameImageBytes: number; addressImageBytes: number };
  commonCard?: { municipalityCode: string; expiryDate: string };
  errors: { step: string; code: string }[];
  apdus: number;
}

const VALUE_FLAGS = ['sim', 'pin', 'code-b', 'password', 'out', 'my-number-purpose'];
const BOOLEAN_FLAGS = ['json', 'extended', 'short'];

/**
 * `kazasu read --sim <profile|file.json> [--pin 1234] [--code-b 14digits] [--password PASS]
 *  [--my-number-purpose "…"] [--json] [--out dir] [--short]`
 * Reads what the given credentials open and prints it. Credentials are never echoed.
 */
export async function readCommand(argv: readonly string[], print: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, VALUE_FLAGS, BOOLEAN_FLAGS);
  const simRef = flag(args, 'sim');
  if (!simRef) {
    print('kazasu read: --sim <profile|file.json> is required (real readers: see README)');
    return 2;
  }
  const profile = await loadProfile(simRef);
  const built = await buildSimCard(profile);
  const transport = new SimulatedTransport(simulatedCardFor(built.model), { extendedLength: !args.flags.has('short') });
  await transport.connect();
  const card = new MyNumberCard(transport);
  const out: ReadOutput = { profile: profile.id, transport: transport.kind, jpki: {}, errors: [], apdus: 0 };
  const files: Record<string, Uint8Array> = {};
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (!isKazasuError(e)) throw e;
      out.errors.push({ step: name, code: e.code });
    }
  };
  const purpose = flag(args, 'my-number-purpose');
  const legalBasis: MyNumberLegalBasis | undefined = purpose ? { kind: 'my-number-act', purpose } : undefined;

  try {
    await step('jpki', async () => {
      const token = await card.jpki.readTokenInfo();
      out.jpki.tokenLabel = token.label;
      const availability = await card.jpki.readCertificateAvailability();
      out.jpki.signCertificatePresent = availability.hasSignCertificate;
      const auth = await card.jpki.readAuthCertificate();
      out.jpki.authCertificateBytes = auth.length;
      files['jpki-auth-certificate.der'] = auth;
      const authRetries = await card.jpki.retries('auth');
      out.jpki.retries = { auth: describeRetries(authRetries) };
      if (availability.hasSignCertificate) out.jpki.retries.sign = describeRetries(await card.jpki.retries('sign'));
    });
    const password = flag(args, 'password');
    if (password) {
      await step('jpki-sign', async () => {
        await card.jpki.verify('sign', password);
        const sign = await card.jpki.readSignCertificate();
        out.jpki.signCertificateBytes = sign.length;
        files['jpki-sign-certificate.der'] = sign;
      });
    }
    const pin = flag(args, 'pin');
    const codeB = flag(args, 'code-b');
    if (pin || codeB) {
      await step('text', async () => {
        await card.text.verify(pin ? 'pin' : 'codeB', (pin ?? codeB)!);
        const basic = await card.text.readBasicFour();
        out.text = {
          name: basic.name,
          address: basic.address,
          birthDate: basic.birthDate,
          birthDateWareki: formatWareki(toWareki(basic.birthDate), 'ja'),
          sex: basic.sex,
        };
        if (pin && legalBasis) out.text.myNumber = (await card.text.readMyNumber(legalBasis)).myNumber;
      });
    }
    if (codeB) {
      await step('face', async () => {
        await card.face.verify('codeB', codeB);
        const face = await card.face.readCardFace();
        out.face = {
          birthDate: face.birthDate,
          sex: face.sex,
          expiryDate: face.expiryDate,
          photoBytes: face.photo.length,
          nameImageBytes: face.nameImage.length,
          addressImageBytes: face.addressImage.length,
        };
        files['name.png'] = face.nameImage;
        files['address.png'] = face.addressImage;
        files['photo.jp2'] = face.photo;
        files['security-code.png'] = face.securityCodeImage;
      });
    }
    await step('common', async () => {
      const info = await card.common.readCardInfo();
      out.commonCard = { municipalityCode: info.municipalityCode, expiryDate: info.expiry };
    });
  } finally {
    out.apdus = card.session.channel.stats.apdus;
    card.close();
    await transport.disconnect();
  }

  const outDir = flag(args, 'out');
  if (outDir) {
    await mkdir(outDir, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(outDir, name), bytes);
  }
  if (args.flags.has('json')) print(JSON.stringify(out, null, 2));
  else print(formatHuman(out, outDir ? Object.keys(files).map((f) => join(outDir, f)) : []));
  return out.errors.length === 0 ? 0 : 1;
}

function describeRetries(r: { kind: string; left?: number }): string {
  return r.kind === 'tries-left' ? `${r.left} tries left` : r.kind;
}

function formatHuman(o: ReadOutput, written: string[]): string {
  const lines: string[] = [];
  lines.push(`Simulated card "${o.profile}" over ${o.transport} reader (${o.apdus} APDUs)`);
  lines.push(`JPKI-AP   token ${o.jpki.tokenLabel ?? '?'}; sign certificate ${o.jpki.signCertificatePresent ? 'present' : 'absent'}`);
  if (o.jpki.authCertificateBytes) lines.push(`          利用者証明用 certificate ${o.jpki.authCertificateBytes} bytes; PIN ${o.jpki.retries?.auth ?? '?'}`);
  if (o.jpki.retries?.sign) lines.push(`          署名用 password ${o.jpki.retries.sign}`);
  if (o.jpki.signCertificateBytes) lines.push(`          署名用 certificate ${o.jpki.signCertificateBytes} bytes`);
  if (o.text) {
    lines.push(`Text AP   氏名 ${o.text.name}`);
    lines.push(`          住所 ${o.text.address}`);
    lines.push(`          生年月日 ${o.text.birthDate} (${o.text.birthDateWareki}); 性別 ${o.text.sex}`);
    if (o.text.myNumber) lines.push(`          個人番号 read under a 番号法 purpose (not printed)`);
  }
  if (o.face) {
    lines.push(`券面AP    生年月日 ${o.face.birthDate}; 性別 ${o.face.sex}; 有効期限 ${o.face.expiryDate}`);
    lines.push(`          photo JPEG 2000 ${o.face.photoBytes} bytes; name image ${o.face.nameImageBytes} bytes; address image ${o.face.addressImageBytes} bytes`);
  }
  if (o.commonCard) lines.push(`Card      municipality ${o.commonCard.municipalityCode}; expiry ${o.commonCard.expiryDate}`);
  for (const e of o.errors) lines.push(`✗ ${e.step}: ${e.code}`);
  if (o.errors.length === 0) lines.push('✓ read complete');
  for (const w of written) lines.push(`wrote ${w}`);
  return lines.join('\n');
}
