/**
 * What uploads and downloads share: one abort scope over the caller's signal (a failing worker stops the
 * others at once) and a bounded set of workers that all settle before the transfer reports its outcome.
 * @module
 */
import { CancelledError } from '../../errors.js';

/** Progress of a transfer: bytes done and the total when known. Called at least once per part or chunk. */
export type ProgressCallback = (done: number, total: number | undefined) => void;

/** An abort scope linked to the caller's signal. */
export class TransferScope {
  private readonly controller = new AbortController();
  private readonly unlink: () => void;

  constructor(readonly parent: AbortSignal | undefined) {
    const onAbort = (): void => this.controller.abort(parent?.reason);
    if (parent?.aborted) onAbort();
    else parent?.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => parent?.removeEventListener('abort', onAbort);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Throws `CancelledError` once the scope was aborted. */
  check(): void {
    if (this.controller.signal.aborted) throw CancelledError.fromSignal(this.controller.signal);
  }

  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  /** Stops listening to the caller's signal (the transfer is over). */
  dispose(): void {
    this.unlink();
  }

  /** The error a transfer ends with: the caller's cancellation wins over the errors it caused. */
  outcome(error: unknown): unknown {
    if (this.parent?.aborted) return CancelledError.fromSignal(this.parent);
    return error;
  }
}

/**
 * Runs `count` workers; the first failure aborts `scope` so the others stop, and every worker settles
 * before this returns or throws (no worker outlives its transfer).
 */
export async function runWorkers(count: number, scope: TransferScope, worker: () => Promise<void>): Promise<void> {
  let failure: { error: unknown } | undefined;
  const run = async (): Promise<void> => {
    try {
      await worker();
    } catch (error) {
      if (!failure) {
        failure = { error };
        scope.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: count }, run));
  if (failure) throw scope.outcome(failure.error);
}
