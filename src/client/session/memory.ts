import { ClosedError } from '../errors.js';
import type { SessionData, SessionStorage } from './types.js';
import { validateSessionData } from './validate.js';

/**
 * Keeps the session in memory only (lost when the process exits). Stores and returns copies,
 * so callers can never mutate the stored state by accident.
 */
export class MemorySession implements SessionStorage {
  private data: SessionData | undefined;
  private closed = false;

  /** @param initial - state to start from (validated and copied). */
  constructor(initial?: SessionData) {
    if (initial !== undefined) this.data = validateSessionData(initial);
  }

  async load(): Promise<SessionData | undefined> {
    if (this.closed) throw new ClosedError('session storage is closed');
    return this.data === undefined ? undefined : validateSessionData(this.data);
  }

  async save(data: SessionData): Promise<void> {
    if (this.closed) throw new ClosedError('session storage is closed');
    this.data = validateSessionData(data);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
