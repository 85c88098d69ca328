/**
 * Connects mtcute (the peer library) to a tgts `TestServer`. mtcute cannot run the key exchange
 * against the server's own RSA key, so the caller registers a 256-byte auth key with
 * `server.importAuthKey` and mtcute gets it through its own session import.
 *
 * One compatibility shim: mtcute sends `msgs_ack` with an odd ("content-related") seqno; the test
 * server checks seqno parity as the MTProto spec says (https://core.telegram.org/mtproto/description#message-sequence-number-msg-seqno)
 * and answers `bad_msg_notification` 34, which makes mtcute reset its session on every ack. The
 * shim makes mtcute number acks as non-content-related (even), the spec's rule; it changes nothing
 * else and costs nothing measurable.
 * @module
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BaseTelegramClient, BaseTelegramClientOptions } from '@mtcute/node';

/** Little-endian constructor id of `msgs_ack#62d6b459`. */
const MSGS_ACK = [0x59, 0xb4, 0xd6, 0x62];

let shimmed = false;

async function installAckShim(): Promise<void> {
  if (shimmed) return;
  // Not exported by @mtcute/core: reached by file URL (same module instance mtcute itself uses).
  const url = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/@mtcute/core/network/mtproto-session.js')).href;
  const mod = (await import(url)) as {
    MtprotoSession: { prototype: { writeMessage(this: unknown, w: unknown, content: unknown, contentRelated?: boolean): unknown } };
  };
  const proto = mod.MtprotoSession.prototype;
  const original = proto.writeMessage;
  proto.writeMessage = function (w: unknown, content: unknown, contentRelated?: boolean): unknown {
    const isAck = content instanceof Uint8Array && MSGS_ACK.every((b, i) => content[i] === b);
    return original.call(this, w, content, isAck ? false : contentRelated);
  };
  shimmed = true;
}

/** Where and with which key an mtcute client should connect. */
export interface MtcuteTarget {
  dcId: number;
  host: string;
  port: number;
  authKey: Uint8Array;
}

/** A started mtcute `BaseTelegramClient` (memory storage, no updates) bound to `target`; `transport` e.g. one of its proxy transports. */
export async function createMtcuteClient(target: MtcuteTarget, transport?: BaseTelegramClientOptions['transport']): Promise<BaseTelegramClient> {
  await installAckShim();
  const { BaseTelegramClient: Ctor } = await import('@mtcute/node');
  const { MemoryStorage } = await import('@mtcute/core');
  const client = new Ctor({ apiId: 1, apiHash: 'bench', storage: new MemoryStorage(), disableUpdates: true, logLevel: 0, ...(transport ? { transport } : {}) });
  const dc = { id: target.dcId, ipAddress: target.host, port: target.port };
  await client.importSession({ primaryDcs: { main: dc, media: dc }, authKey: target.authKey }, true);
  return client;
}
