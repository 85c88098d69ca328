/**
 * Takeout sessions (https://core.telegram.org/api/takeout): exporting an account's data with the
 * higher flood limits Telegram grants to `invokeWithTakeout` calls. Plain functions over an
 * invoker; `client.startTakeout(...)` is the same, bound to a client.
 *
 * ```ts
 * const result = await withTakeout(client.invoke.bind(client), { contacts: true, messageUsers: true }, async (takeout) => {
 *   return takeout.invoke({ _: 'contacts.getSaved' });
 * });
 * ```
 *
 * `account.initTakeoutSession` may answer `420 TAKEOUT_INIT_DELAY_X`: Telegram asks the account's
 * other devices to confirm first and allows the export after X seconds. That wait can be a day; it
 * is not slept through: catch the `RpcError` and try again after `error.argument` seconds.
 *
 * @module
 */
import type { AnyRequest, Methods, ParamsOf, ResultOf } from '../../tl/index.js';
import type { InvokeOptions, Invoker } from '../invoke/types.js';

/** What the export will contain (the flags of `account.initTakeoutSession`). */
export type TakeoutScope = ParamsOf<'account.initTakeoutSession'>;

/** A running takeout session: calls made through it are wrapped in `invokeWithTakeout`. */
export class TakeoutSession {
  private finished = false;

  constructor(
    private readonly invoker: Invoker,
    /** The takeout id Telegram issued. */
    readonly id: bigint,
  ) {}

  /** Sends `request` inside this takeout session and resolves with its typed result. */
  invoke<R extends AnyRequest>(request: R, options: InvokeOptions = {}): Promise<ResultOf<R>> {
    return this.invoker({ _: 'invokeWithTakeout', takeoutId: this.id, query: request }, options) as Promise<ResultOf<R>>;
  }

  /** Ends the session (`account.finishTakeoutSession`, sent inside it); `success: false` tells Telegram the export failed. Idempotent. */
  async finish(success = true, options: InvokeOptions = {}): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.invoke({ _: 'account.finishTakeoutSession', ...(success ? { success: true } : {}) }, options);
  }
}

/** Starts a takeout session (`account.initTakeoutSession`). */
export async function startTakeout(invoke: Invoker, scope: TakeoutScope = {}, options: InvokeOptions = {}): Promise<TakeoutSession> {
  const takeout = (await invoke({ _: 'account.initTakeoutSession', ...scope }, options)) as Methods['account.initTakeoutSession']['result'];
  return new TakeoutSession(invoke, takeout.id);
}

/**
 * Runs `fn` inside a takeout session and finishes it afterwards, with `success` telling whether
 * `fn` resolved. `fn`'s result or error passes through.
 */
export async function withTakeout<T>(invoke: Invoker, scope: TakeoutScope, fn: (takeout: TakeoutSession) => Promise<T>, options: InvokeOptions = {}): Promise<T> {
  const takeout = await startTakeout(invoke, scope, options);
  let result: T;
  try {
    result = await fn(takeout);
  } catch (error) {
    await takeout.finish(false, options).catch(() => undefined);
    throw error;
  }
  await takeout.finish(true, options);
  return result;
}
