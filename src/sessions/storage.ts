/**
 * A {@link PortableSession} into and out of a tgts {@link Storage}: auth keys per DC, the
 * account, peers and updates state.
 */
import type { AccountRecord, Storage, StoredAuthKey } from '../storage/types.js';
import { SessionFormatError } from './errors.js';
import { checkSession } from './portable.js';
import type { PortableDc, PortableSession } from './types.js';

/**
 * Writes `session` into an open `storage`: every DC's auth key (with its address), the account
 * (primary DC, test mode, user — `bot: false` when the format did not say), the peers and the
 * updates state. Meant for an empty storage; existing entries of the same keys are replaced.
 */
export async function sessionToStorage(session: PortableSession, storage: Storage): Promise<void> {
  checkSession(session);
  for (const dc of session.dcs) {
    if (!dc.authKey) continue;
    const key: StoredAuthKey = { authKey: Uint8Array.from(dc.authKey) };
    if (dc.host !== undefined) key.host = dc.host;
    if (dc.port !== undefined) key.port = dc.port;
    if (dc.salt !== undefined) key.salt = dc.salt;
    if (dc.timeOffset !== undefined) key.timeOffset = dc.timeOffset;
    await storage.authKeys.set(dc.id, key);
  }
  const account: AccountRecord = { dcId: session.dcId };
  if (session.testMode) account.testMode = true;
  if (session.user) account.user = { id: session.user.id, bot: session.user.bot ?? false };
  await storage.account.set(account);
  if (session.peers.length > 0) await storage.peers.put(session.peers);
  if (session.updates?.common) await storage.updates.setCommon(session.updates.common);
  if (session.updates && session.updates.channels.length > 0) await storage.updates.setChannels(session.updates.channels);
}

/**
 * Reads the account of an open `storage` as a {@link PortableSession} (auth keys, account,
 * updates state; peers stay in the storage — no string format carries them).
 */
export async function sessionFromStorage(storage: Storage): Promise<PortableSession> {
  const account = await storage.account.get();
  const keys = await storage.authKeys.list();
  const dcId = account?.dcId ?? (keys.length === 1 ? keys[0]![0] : undefined);
  if (dcId === undefined) throw new SessionFormatError('tgts', 'the storage has no account (primary DC unknown)', 'account');
  const dcs: PortableDc[] = keys
    .map(([id, key]) => {
      const dc: PortableDc = { id, authKey: Uint8Array.from(key.authKey) };
      if (key.host !== undefined) dc.host = key.host;
      if (key.port !== undefined) dc.port = key.port;
      if (key.salt !== undefined) dc.salt = key.salt;
      if (key.timeOffset !== undefined) dc.timeOffset = key.timeOffset;
      return dc;
    })
    .sort((a, b) => (a.id === dcId ? -1 : b.id === dcId ? 1 : a.id - b.id));
  const session: PortableSession = {
    source: { format: 'tgts', variant: 'storage', label: 'tgts storage' },
    dcId,
    testMode: account?.testMode === true,
    dcs,
    peers: [],
  };
  if (account?.user) session.user = { id: account.user.id, bot: account.user.bot };
  const common = await storage.updates.getCommon();
  const channels = await storage.updates.listChannels();
  if (common || channels.length > 0) session.updates = { channels, ...(common ? { common } : {}) };
  return checkSession(session);
}
