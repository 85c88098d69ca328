/**
 * Connects mtcute (the peer library) to a tgts `TestServer`. To keep the benchmark about RPC and
 * not about the key exchange, the caller registers a 256-byte auth key with `server.importAuthKey`
 * and mtcute gets it through its own session import (mtcute can also run the full key exchange
 * against the server: `test/interop/mtcute.test.ts`). No shim: the server serves mtcute as
 * Telegram does.
 * @module
 */
import type { BaseTelegramClient, BaseTelegramClientOptions } from '@mtcute/node';

/** Where and with which key an mtcute client should connect. */
export interface MtcuteTarget {
  dcId: number;
  host: string;
  port: number;
  authKey: Uint8Array;
}

/** A started mtcute `BaseTelegramClient` (memory storage, no updates) bound to `target`; `transport` e.g. one of its proxy transports. */
export async function createMtcuteClient(target: MtcuteTarget, transport?: BaseTelegramClientOptions['transport']): Promise<BaseTelegramClient> {
  const { BaseTelegramClient: Ctor } = await import('@mtcute/node');
  const { MemoryStorage } = await import('@mtcute/core');
  const client = new Ctor({ apiId: 1, apiHash: 'bench', storage: new MemoryStorage(), disableUpdates: true, logLevel: 0, ...(transport ? { transport } : {}) });
  const dc = { id: target.dcId, ipAddress: target.host, port: target.port };
  await client.importSession({ primaryDcs: { main: dc, media: dc }, authKey: target.authKey }, true);
  return client;
}
