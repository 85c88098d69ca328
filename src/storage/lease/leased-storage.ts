/**
 * The lifecycle both fleet storages share: `open` connects (the backend's part), then takes the
 * account's lease; `close` releases it and disconnects; both idempotent, a concurrent `open` joins
 * the one under way, and a failed `open` leaves nothing connected.
 *
 * @module
 */
import type { LeaseLostError } from '../../errors.js';
import type { LeaseKeeper } from './keeper.js';

export abstract class LeasedStorage {
  protected abstract readonly keeper: LeaseKeeper;
  private opening: Promise<void> | undefined;
  private opened = false;

  /** Makes the connection and the schema ready. */
  protected abstract connect(): Promise<void>;
  /** Ends what `connect` made (a connection the caller gave stays open). Never throws. */
  protected abstract disconnect(): Promise<void>;
  /** A backend failure as a tgts error (tgts errors pass). */
  protected abstract wrapError(error: unknown): Error;

  /** Generation of the current lease (how many times the account was acquired), while open. */
  get leaseGeneration(): number | undefined {
    return this.keeper.generation;
  }

  open(): Promise<void> {
    if (this.opened) return Promise.resolve();
    this.opening ??= this.doOpen().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async doOpen(): Promise<void> {
    try {
      await this.connect().catch((error: unknown) => {
        throw this.wrapError(error);
      });
      await this.keeper.acquire().catch((error: unknown) => {
        throw this.wrapError(error);
      });
      this.opened = true;
    } catch (error) {
      await this.disconnect();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    if (!this.opened) return;
    this.opened = false;
    await this.keeper.release();
    await this.disconnect();
  }

  onLost(listener: (error: LeaseLostError) => void): () => void {
    return this.keeper.onLost(listener);
  }
}
