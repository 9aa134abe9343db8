import { wipe } from '../../bytes/byte-ops';
import type { CardTransport } from '../../transport/card-transport';
import { BinaryFileReader, type ReadPlan } from '../iso7816/binary-file-reader';
import { CardChannel } from '../iso7816/card-channel';
import { queryRetries, verifyGuarded, type RetryStatus, type VerifyOptions } from '../iso7816/pin-guard';
import { AID, type ApplicationName } from './application-ids';
import { toPinBytes, type CheckedCredential } from './credentials';

/**
 * State shared by the application modules of one My Number Card session: the channel, the file
 * reader and a cache so every EF is read at most once per session. The cache holds personal data;
 * `close()` wipes it.
 */
export class MyNumberSession {
  readonly channel: CardChannel;
  private readonly reader: BinaryFileReader;
  private readonly cache = new Map<string, Uint8Array>();
  private readonly unsubscribe: () => void;

  constructor(readonly transport: CardTransport) {
    this.channel = new CardChannel(transport);
    this.reader = new BinaryFileReader(this.channel);
    // A removed card takes its security status with it; cached bytes were read and stay valid
    // for this session, but a new card must never see them.
    this.unsubscribe = transport.onEvent((e) => {
      if (e.type === 'card-present') this.clearCache();
    });
  }

  async select(app: ApplicationName): Promise<void> {
    await this.channel.selectDf(AID[app]);
  }

  /** Read a transparent EF of `app` once; later calls return the cached bytes. */
  async readEf(app: ApplicationName, sfi: number, plan: ReadPlan): Promise<Uint8Array> {
    const key = `${app}/${sfi}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    await this.select(app);
    const bytes = await this.reader.read(sfi, plan);
    this.cache.set(key, bytes);
    return bytes;
  }

  /** Whether a file of `app` was already read in this session (for plans and tests). */
  hasRead(app: ApplicationName, sfi: number): boolean {
    return this.cache.has(`${app}/${sfi}`);
  }

  async retries(app: ApplicationName, keySfi: number): Promise<RetryStatus> {
    await this.select(app);
    return queryRetries(this.channel, keySfi);
  }

  /**
   * Guarded VERIFY of an already format-checked credential: counter first, refusal at one try
   * left without confirmation, exactly one VERIFY, the byte form wiped afterwards.
   */
  async verify(app: ApplicationName, keySfi: number, credential: CheckedCredential, options: VerifyOptions): Promise<RetryStatus> {
    await this.select(app);
    const secret = toPinBytes(credential);
    try {
      return await verifyGuarded(this.channel, keySfi, secret, options);
    } finally {
      wipe(secret);
    }
  }

  clearCache(): void {
    for (const v of this.cache.values()) wipe(v);
    this.cache.clear();
  }

  close(): void {
    this.clearCache();
    this.unsubscribe();
    this.channel.close();
  }
}

export type { ReadPlan };
