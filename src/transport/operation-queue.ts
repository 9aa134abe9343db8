/**
 * One operation at a time on a reader (a CCID slot, a PC/SC context, the RC-S380's single
 * command channel, a phone's NFC session): each operation starts when the previous one settled,
 * and a failed operation does not block the next.
 */
export class OperationQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
