/**
 * Steps run in the order they were pushed, whether a step is ready at once or only once its
 * off-thread crypto is done: a connection's packets stay in wire order (outgoing) and in arrival
 * order (incoming) while a large one is encrypted or decrypted on another thread.
 * @module
 */

interface Slot {
  step: (() => void) | undefined;
  error: unknown;
  settled: boolean;
}

/** A FIFO of steps; a ready step with nothing ahead of it runs synchronously. */
export class InOrder {
  private readonly slots: Slot[] = [];
  private stopped = false;

  /** `fail` gets the rejection of a step's promise, in the step's turn. */
  constructor(private readonly fail: (error: unknown) => void) {}

  /** No step is waiting. */
  get idle(): boolean {
    return this.slots.length === 0;
  }

  /** Runs `step` in its turn: now when nothing waits ahead of it and it is not a promise. */
  push(step: (() => void) | Promise<() => void>): void {
    if (this.stopped) return;
    if (typeof step === 'function') {
      if (this.slots.length === 0) step();
      else this.slots.push({ step, error: undefined, settled: true });
      return;
    }
    const slot: Slot = { step: undefined, error: undefined, settled: false };
    this.slots.push(slot);
    step.then(
      (s) => {
        slot.step = s;
        slot.settled = true;
        this.drain();
      },
      (error: unknown) => {
        slot.error = error;
        slot.settled = true;
        this.drain();
      },
    );
  }

  /** Drops every waiting step and ignores later ones (the connection is gone). */
  stop(): void {
    this.stopped = true;
    this.slots.length = 0;
  }

  private drain(): void {
    while (!this.stopped && this.slots.length > 0 && this.slots[0]!.settled) {
      const slot = this.slots.shift()!;
      if (slot.step) slot.step();
      else this.fail(slot.error);
    }
  }
}
