/**
 * Presence polling for readers that report card arrival and removal only when asked (the RC-S380
 * and RC-S300 with SENSB_REQ / R(NAK), a CCID reader without an interrupt endpoint with
 * GetSlotStatus). One poll at a time: a caller asking while one runs gets that one's outcome.
 */
export class PresencePoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polling = false;
  private busy: Promise<void> | undefined;

  constructor(
    /** One presence check; rejects only with TransportError. */
    private readonly check: () => Promise<void>,
    private readonly defaultIntervalMs = 500,
  ) {}

  get running(): boolean {
    return this.polling;
  }

  /** One check (joining the one in progress, if any). */
  once(): Promise<void> {
    this.busy ??= this.check().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  /** Check every `intervalMs` until stop(), skipping a tick whenever `skip()` says so (someone else reports changes). */
  start(intervalMs = this.defaultIntervalMs, skip: () => boolean = () => false): void {
    if (this.polling) return;
    this.polling = true;
    const tick = async (): Promise<void> => {
      if (!this.polling) return;
      if (!skip()) await this.once().catch(() => undefined);
      if (this.polling) this.timer = setTimeout(() => void tick(), intervalMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  stop(): void {
    this.polling = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
