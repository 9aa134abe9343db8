import { KazasuError } from '../../errors/kazasu-error';

/** Stable codes for simulator-PKI failures (misuse of the minting API, not card behaviour). */
export type SimPkiErrorCode =
  | 'sim-key-unknown' // no such key id / card-key role in the fixture
  | 'sim-key-malformed' // fixture JWK is not an RSA private key we can use
  | 'sim-rsa-data-too-long' // EMSA-PKCS1-v1_5: data longer than k - 11 (RFC 8017 §9.2)
  | 'sim-rsa-bad-input' // wrong hash/salt length, input not below the modulus, …
  | 'sim-rsa-fault' // CRT result failed the s^e = m self-check
  | 'sim-cv-bad-key-id' // CV key id not in the simulator range / wrong shape (spec §3.4)
  | 'sim-cv-bad-key' // CV public key is not RSA-2048 with a 3-byte exponent
  | 'sim-cert-bad-params'; // X.509 minting parameters are invalid

/** Raised by src/sim/pki when it is called with parameters it cannot honour. */
export class SimPkiError extends KazasuError {
  readonly code: SimPkiErrorCode;

  constructor(code: SimPkiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
