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

  /**
   * `channel`: continue on a channel that is already talking to this card (the kiosk's card
   * detection), so a DF it selected is not selected again; a new channel otherwise.
   */
  constructor(
    readonly transport: CardTransport,
    channel?: CardChannel,
  ) {
    this.channel = channel ?? new CardChannel(transport);
    this.reader = new BinaryFileReader(this.channel);
    // A removed card takes its security status with it; cached bytes were read and stay valid
    // for this session, but a new card must never see them.
    this.unsubscribe = transport.onEvent((e) => {
      if (e.type === 'card-present' || e.type === 'card-activated') this.clearCache();
    });
  }

  async select(app: ApplicationName): Promise<void> {
    await this.channel.selectDf(AID[app]);
  }

  /**
   * Read a transparent EF of `app` once; later calls are served from the cache. Every call returns
   * a fresh copy the caller owns: the cache is wiped on close(), and a caller must neither see its
   * bytes zeroed then nor be able to alter what later reads return.
   */
  async readEf(app: ApplicationName, sfi: number, plan: ReadPlan): Promise<Uint8Array> {
    const key = `${app}/${sfi}`;
    const cached = this.cache.get(key);
    if (cached) return cached.slice();
    await this.select(app);
    const bytes = await this.reader.read(sfi, plan);
    this.cache.set(key, bytes);
    return bytes.slice();
  }

  /**
   * Read record `record` of the record EF `sfi` of `app` once (`00 B2 <record> <SFI<<3|4>`,
   * spec §2.7); later calls are served from the cache. Returns a copy, like readEf.
   */
  async readRecord(app: ApplicationName, sfi: number, record: number): Promise<Uint8Array> {
    const key = `${app}/${sfi}#${record}`;
    const cached = this.cache.get(key);
    if (cached) return cached.slice();
    await this.select(app);
    const bytes = await this.channel.sendOk({ cla: 0x00, ins: 0xb2, p1: record, p2: (sfi << 3) | 0x04, le: 256 });
    this.cache.set(key, bytes);
    return bytes.slice();
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
