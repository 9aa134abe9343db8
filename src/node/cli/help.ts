/**
 * `kazasu <command> --help` (the overview, `kazasu --help`, is in commands.ts). Kept apart from the commands so that help (and
 * `--version`) load nothing heavy; only read/verify load the document registry, for the
 * credential options each document brings.
 */
import { EXIT_CODE_HELP } from './exit-codes';

const SOURCES = `Card source (exactly one):
  --reader <name|index>   a PC/SC reader: its index or exact name from \`kazasu readers\`
  --sim <profile|file>    a simulated card (\`kazasu sim list\`, or a profile JSON file)`;

const PIN_SAFETY = `PIN safety (as in the kiosk): the tries left are read first, without using one; a blocked
credential is refused with the reason; at one try left Kazasu refuses unless --confirm-last-try
says the holder agreed; each credential is sent at most once per run and never retried.
Credentials are never printed, logged or written to a file.`;

async function credentialLines(): Promise<string> {
  const { DOCUMENT_DRIVERS } = await import('../../documents/registry');
  return DOCUMENT_DRIVERS.map((d) => {
    const flags = Object.values(d.credentials as Record<string, { flag: string }>).map((c) => `--${c.flag} …`);
    const read = d.readOptions.map((o) => `--${o} "…" (read only)`);
    return `    ${d.kind.padEnd(16)} ${[...flags, ...read].join(' ')}`;
  }).join('\n');
}

async function documentKindsLine(): Promise<string> {
  const { documentKinds } = await import('../../documents/registry');
  return documentKinds().join(', ');
}

export async function verifyHelp(): Promise<string> {
  return `kazasu verify — read a card and verify it for one purpose

Usage:
  kazasu verify (--reader <name|index> | --sim <profile|file> | --dump <dir>) --purpose <purpose>
                [--document <kind>] [credentials] [--confirm-last-try]
                [--revocation crl=<url>|ocsp=<url>|platform=<url>|offline]
                [--trust production|jpki-test|simulator] [--forgery <id>] [--at <ISO time>]
                [--short] [--json] [--lang ja|en]

${SOURCES}
  --dump <dir>            a recording made by \`kazasu read --out\` or \`kazasu sim export\`: no card;
                          chip authentication is checked from the challenge and answer recorded at
                          read time (re-verified), or reported as not checked

Options:
  --purpose <purpose>     counter (照合番号B), bank (+ sign password, challenge signature, revocation),
                          field (offline; revocation pending), age (birth-date key; 18+/20+ only)
  --document <kind>       ${await documentKindsLine()}; without it the card is recognised (SELECT and
                          free reads only, never a VERIFY)
  credentials, per document:
${await credentialLines()}
                          with --sim, a credential left out is taken from the simulated card's profile
                          a credential the purpose needs and that is missing is refused (exit 3)
                          before the card is touched (with --document) or right after recognising
                          it; --can stands in for --mrz, a マイナ免許証 needs only --pin1
  --confirm-last-try      the holder agreed to use a last remaining try
  --revocation <how>      crl=<url> ({purpose} becomes sign|auth), ocsp=<url>, platform=<url>
                          (key from KAZASU_PLATFORM_API_KEY), offline (default: revocation pending)
  --trust <mode>          production (default with --reader and --dump), jpki-test, simulator
                          (default with --sim; a recording of a simulated card needs it too)
  --forgery <id>          with --sim: one of the forged cards of the catalogue
  --at <ISO time>         verify as of this time
  --short                 the reader cannot pass extended-length APDUs (256-byte reads)
  --json                  print the report as JSON (schema/verification-report.schema.json)
  --lang ja|en            language of the human report (default en)

${PIN_SAFETY}

${EXIT_CODE_HELP}`;
}

export async function readHelp(): Promise<string> {
  return `kazasu read — read what the given credentials open, without verifying

Usage:
  kazasu read (--reader <name|index> | --sim <profile|file>) [--document <kind>] [credentials]
              [--confirm-last-try] [--out <dir>] [--short] [--json]

${SOURCES}

Options:
  --document <kind>       ${await documentKindsLine()}; otherwise the card is recognised
  credentials, per document:
${await credentialLines()}
  --confirm-last-try      the holder agreed to use a last remaining try
  --out <dir>             write a recording: the card's files as read, the challenges answered while
                          the card was on the reader, and manifest.json (docs/recording-format.md),
                          plus the photo and images for people; \`kazasu verify --dump <dir>\` checks it.
                          Every document; never a credential (PIN, card number, the MRZ or CAN typed),
                          never the My Number (nor what would reveal it), never the licence's 本籍.
  --short                 the reader cannot pass extended-length APDUs
  --json                  machine output

${PIN_SAFETY}

${EXIT_CODE_HELP}`;
}

export const READERS_HELP = `kazasu readers — list the PC/SC readers and their cards

Usage:
  kazasu readers [--json] [--wait <ms>]

For each reader: its index (for --reader), its name, whether a card is present, the card's ATR and
which registered document it is (recognised with SELECT and free reads only: never a VERIFY, so no
try is used). Needs pcscd (Linux: packages pcscd and libpcsclite-dev, then \`npm install\`).

Options:
  --json                  machine output: [{ index, name, card: { atr, document } | null }]
  --wait <ms>             how long to wait for the readers to report (default 1500)

${EXIT_CODE_HELP}`;

export const TRUST_HELP = `kazasu trust — the operator's trust anchors ($KAZASU_HOME/trust-anchors.json)

Usage:
  kazasu trust list
  kazasu trust import <file> [--mode production|test] [--purpose sign|auth] [--document residence-card|mynumber-card]
  kazasu trust import-licence-issuer <file> [--mode production|test]
  kazasu trust remove <sha256 prefix | CV key id>
  kazasu trust import-masterlist <file> --signer <csca.pem> [--mode production|jpki-test]
  kazasu trust import-csca-crl <file> [--mode production|jpki-test]

import adds, for one trust mode:
  - a J-LIS root certificate (PEM or DER, e.g. signca02.cer; only self-signed CA certificates;
    --mode required) or a CV CA key (JSON with keyIdHex, modulusHex, exponentHex);
  - a MOJ residence-card CA (.cer/.der/.crt from moj.go.jp, or any file with --document
    residence-card): accepted only when its SHA-256 matches a pinned fingerprint, which decides
    the mode (--mode, if given, must agree).
import-licence-issuer adds a driver's licence issuer certificate (PEM or DER; RSA; none is
published, so import what the police give you; default --mode production). Without one, the
licence signature check is a warning (counter) or the outcome is incomplete (bank, age).
import-masterlist adds the passport CSCAs of a CMS CscaMasterList whose signature chains to the
publishing state's CSCA given with --signer (pinned by the operator); import-csca-crl adds a CSCA's
CRL (checked against that CSCA). Both go to $KAZASU_HOME/passport-trust.json.
Kazasu's simulator CAs need no import (--trust simulator trusts them); anchors the project ships
(src/verify/trust/data) need none either.

${EXIT_CODE_HELP}`;

export const SIM_HELP = `kazasu sim — simulated cards (tests, demos, integrators without a card)

Usage:
  kazasu sim list                                     the named simulated cards
  kazasu sim export <profile|file.json> <dir> [--forgery <id>]
                                                      a My Number Card as a recording (what \`read --out\`
                                                      writes, with every credential of its profile);
                                                      other documents: their simulator's files (record
                                                      them with \`read --sim <profile> <credentials> --out\`)
  kazasu sim vpcd <profile|file.json> [--host 127.0.0.1] [--port 35963]
                                                      the card in pcscd's "Virtual PCD" reader
                                                      (vsmartcard vpcd), until Ctrl-C

${EXIT_CODE_HELP}`;
