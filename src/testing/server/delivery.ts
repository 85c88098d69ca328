/**
 * Pushed updates: encoded once, queued in every matching session of this DC.
 * @module
 */
import { encode } from '../../tl/full-codec.js';
import type { Updates } from '../../tl/index.js';
import type { AuthKeyStore } from './auth-keys.js';
import type { ServerSession } from './session.js';
import type { SessionTable } from './session-table.js';

function encodeObject(o: Updates): Uint8Array {
  return encode(o);
}

/** Sends `updates` to every session of `userId` (except `exclude`). */
export function deliverToUser(sessions: SessionTable, keys: AuthKeyStore, userId: number, updates: Updates, exclude?: ServerSession): void {
  let body: Uint8Array | undefined;
  for (const session of sessions.all()) {
    if (session === exclude || keys.userOf(session.authKey) !== userId) continue;
    body ??= encodeObject(updates);
    session.send(body, 'service', true);
  }
}

/** Sends `updates` to every session of an auth key (signed in or not). */
export function deliverToKey(sessions: SessionTable, authKeyId: bigint, updates: Updates): void {
  const targets = sessions.ofKey(authKeyId);
  if (targets.length === 0) return;
  const body = encodeObject(updates);
  for (const session of targets) session.send(body, 'service', true);
}
