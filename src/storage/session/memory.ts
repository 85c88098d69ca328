import type { SessionData, SessionStorage } from './types.js';
import { validateSessionData } from './validate.js';

/**
 * Keeps the session in memory only (lost when the process exits). Stores and returns copies,
 * so callers can never mutate the stored state by accident. It holds no resource, so one instance
 * may serve one client after another (a closed client does not make it unusable).
 */
export class MemorySession implements SessionStorage {
  private data: SessionData | undefined;

  /** @param initial - state to start from (validated and copied). */
  constructor(initial?: SessionData) {
    if (initial !== undefined) this.data = validateSessionData(initial);
  }

  async load(): Promise<SessionData | undefined> {
    return this.data === undefined ? undefined : validateSessionData(this.data);
  }

  async save(data: SessionData): Promise<void> {
    this.data = validateSessionData(data);
  }

  /** Nothing to release; the stored state stays available. */
  async close(): Promise<void> {}
}
