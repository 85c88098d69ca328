/**
 * What the client does when its authorization ends, whether Telegram ended it (a
 * {@link LoggedOutError}) or the application did (`client.auth.logOut()`): forget the account and
 * the keys that carried the authorization, close their connections, and tell the listeners. One
 * incident is handled once, however many calls fail with it at the same time.
 *
 * @module
 */
import type { AccountState } from '../account.js';
import type { LoggedOutError } from '../errors.js';
import type { Logger } from '../options.js';
import type { PoolSet } from '../pools/pool-set.js';
import type { LoggedOutEvent, LoggedOutReason } from './logged-out.js';

export class SignOut {
  private readonly listeners = new Set<(event: LoggedOutEvent) => void>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly account: () => AccountState | undefined,
    private readonly pools: () => PoolSet | undefined,
    private readonly logger?: Logger,
  ) {}

  /** Subscribes to log-outs; returns the unsubscribe function. */
  subscribe(listener: (event: LoggedOutEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Clears the authorization; concurrent calls share one clean-up and one event. */
  run(reason: LoggedOutReason, error?: LoggedOutError): Promise<void> {
    this.running ??= this.clear(reason, error).finally(() => (this.running = undefined));
    return this.running;
  }

  private async clear(reason: LoggedOutReason, error: LoggedOutError | undefined): Promise<void> {
    const account = this.account();
    const pools = this.pools();
    const user = account?.user;
    const hadKeys = account ? account.keyDcs().length > 0 : false;
    if (!account || (user === undefined && !hadKeys)) return; // nothing left to clear: already handled
    // every DC's key carried (or was about to carry) the authorization; CDN keys never do
    const dcIds = account.keyDcs().filter((dcId) => !(pools?.isCdnDc(dcId) ?? false));
    try {
      await account.signOut(dcIds);
    } catch (e) {
      this.logger?.warn('tgts: could not clear the storage after the log-out', e);
    }
    await pools?.reset(dcIds);
    const event: LoggedOutEvent = { reason, ...(error ? { error } : {}), ...(user ? { user: { ...user } } : {}) };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        this.logger?.warn('tgts: a loggedOut listener threw', e);
      }
    }
  }
}
