/**
 * Connects mtcute (the peer library) to a tgts `TestServer`. To keep the benchmark about RPC and
 * not about the key exchange, the caller registers a 256-byte auth key with `server.importAuthKey`
 * and mtcute gets it through its own session import (mtcute can also run the full key exchange
 * against the server: `test/interop/mtcute.test.ts`). No shim: the server serves mtcute as
 * Telegram does.
 * @module
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

type Reader = { uint(): number; long(): unknown; pos: number };
type ReaderMap = Record<number, (r: Reader) => Record<string, unknown>>;

/**
 * mtcute's TL reader map plus readers for the layer-228 ids of `user` (#b1b8cc83) and `channel`
 * (#d49f34c6): mtcute 0.30.3 speaks 227, the server always answers in 228, and of what updates carry only
 * these two differ (228 appends `linked_community_id:flags2.21/20?long`; docs/interop.md). Each is
 * mtcute's own 227 reader followed by that optional long. Pass it as the client's `readerMap`.
 */
export async function mtcuteReaderMap228(): Promise<NonNullable<BaseTelegramClientOptions['readerMap']>> {
  const file = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/@mtcute/core/tl/binary/reader.js')).href;
  const { __tlReaderMap: map } = (await import(file)) as { __tlReaderMap: ReaderMap };
  const with228 = (old: number, flags2Bit: number) => (r: Reader) => {
    const start = r.pos;
    r.uint(); // flags
    const flags2 = r.uint();
    r.pos = start;
    const obj = map[old]!(r);
    if (flags2 & (1 << flags2Bit)) obj['linkedCommunityId'] = r.long();
    return obj;
  };
  const patched: ReaderMap = { ...map, [0xb1b8cc83]: with228(0x31774388, 21), [0xd49f34c6]: with228(0x1c32b11c, 20) };
  return patched as unknown as NonNullable<BaseTelegramClientOptions['readerMap']>;
}
