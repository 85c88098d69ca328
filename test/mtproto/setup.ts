/** Shared setup of the session tests: a session wired to a ScriptedServer. */
import { MtprotoSession } from '../../src/mtproto/index.js';
import type { MtprotoSessionOptions } from '../../src/mtproto/index.js';
import type { ScriptedServer } from '../helpers/scripted-server.js';

/** initConnection fields every session test uses. */
export const INIT = {
  apiId: 1,
  deviceModel: 'test',
  systemVersion: 'node',
  appVersion: '0.1',
  systemLangCode: 'en',
  langPack: '',
  langCode: 'en',
};

/** A session on `server` with its pre-shared key and fast reconnects. */
export function makeSession(server: ScriptedServer, extra: Partial<MtprotoSessionOptions> = {}): MtprotoSession {
  return new MtprotoSession({
    dcId: 2,
    dial: server.dial,
    publicKeys: [],
    authKey: server.authKey,
    salt: server.salt,
    initConnection: INIT,
    reconnect: { baseDelayMs: 2, maxDelayMs: 10, maxAttempts: 4 },
    ...extra,
  });
}

