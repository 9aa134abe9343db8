/**
 * Listeners of one kind of event. `emit` calls each listener registered at that moment (a
 * listener may unsubscribe itself while being called); a listener that throws does not stop the
 * others and never becomes the transport's failure.
 */
export class ListenerSet<E> {
  private readonly listeners = new Set<(event: E) => void>();

  /** Subscribe; returns the unsubscribe function. */
  add(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        /* a listener's failure is not the transport's */
      }
    }
  }
}
