/** How long a person over the stream cap is asked to wait; the console polls meanwhile and asks again after as long. */
export const STREAM_RETRY_AFTER_SECONDS = 30;

/**
 * The event streams each person holds open in this instance (STREAMS_PER_PERSON). A stream is a
 * socket and a subscription held for hours: without a cap one person (or one stolen session) could
 * hold any number of them.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly perPerson: number) {}

  get limit(): number {
    return this.perPerson;
  }

  /** Takes a slot for `personId`: a function that gives it back (once), or null when none is left. */
  take(personId: string): (() => void) | null {
    const held = this.open.get(personId) ?? 0;
    if (held >= this.perPerson) return null;
    this.open.set(personId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.open.get(personId) ?? 1) - 1;
      if (now > 0) this.open.set(personId, now);
      else this.open.delete(personId);
    };
  }

  held(personId: string): number {
    return this.open.get(personId) ?? 0;
  }
}
