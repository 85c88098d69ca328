/**
 * The test server's HTTP transport listener (`TestServer` option `httpPort`): the transport's
 * `listenHttp` with what only the server knows — which MTProto session a request belongs to,
 * its `http_wait`, and how to answer an expired long poll (an empty container, encrypted for
 * that session). https://core.telegram.org/mtproto/service_messages#http-wait-long-poll
 * @module
 */
import { decryptMessage, encryptMessage } from '../../crypto/index.js';
import { decodeEncryptedPlaintext, encodeEncryptedPlaintext } from '../../mtproto/index.js';
import { defaultHttpGroup, listenHttp } from '../../transport/http/server.js';
import type { HttpRequestFacts, HttpWait, ListenHttpOptions } from '../../transport/http/server.js';
import type { Listener, PacketConnection } from '../../transport/index.js';
import type { ServerInternals } from './internals.js';

const HTTP_WAIT_ID = 0x9299359f;
const MSG_CONTAINER_ID = 0x73f1f8dc;
/** An empty msg_container body. */
const EMPTY_CONTAINER = Uint8Array.of(0xdc, 0xf8, 0xf1, 0x73, 0, 0, 0, 0);

/** Starts the HTTP listener of a server; connections go to `accept` like TCP and WebSocket ones. */
export function listenHttpTransport(core: ServerInternals, options: ListenHttpOptions, accept: (conn: PacketConnection) => void): Promise<Listener> {
  return listenHttp(options, accept, { inspect: (packet) => inspect(core, packet) });
}

function inspect(core: ServerInternals, packet: Uint8Array): HttpRequestFacts {
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const authKeyId = view.getBigInt64(0, true);
  const key = authKeyId === 0n ? undefined : core.keys.get(authKeyId);
  if (!key) return { group: defaultHttpGroup(packet) };
  let envelope;
  try {
    envelope = decodeEncryptedPlaintext(decryptMessage(key.key, packet, 'client'));
  } catch {
    return { group: defaultHttpGroup(packet) };
  }
  const { sessionId } = envelope;
  const wait = findHttpWait(envelope.body);
  return {
    group: `key:${authKeyId}:session:${sessionId}`,
    ...(wait ? { wait } : {}),
    emptyAnswer: () => {
      const session = core.sessions.get(authKeyId, sessionId);
      if (!session) return undefined;
      const plaintext = encodeEncryptedPlaintext({
        salt: key.salts.current(),
        sessionId,
        msgId: core.nextMsgId('service'),
        seqNo: session.seqNo.next(false),
        body: EMPTY_CONTAINER,
      });
      return encryptMessage(key.key, plaintext, 'server');
    },
  };
}

/** The last `http_wait` of a message body (alone or inside a container); several: the last wins. */
function findHttpWait(body: Uint8Array): HttpWait | undefined {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const read = (at: number): HttpWait | undefined =>
    at + 16 <= body.length && view.getUint32(at, true) === HTTP_WAIT_ID
      ? { maxDelay: view.getInt32(at + 4, true), waitAfter: view.getInt32(at + 8, true), maxWait: view.getInt32(at + 12, true) }
      : undefined;
  if (body.length < 8 || view.getUint32(0, true) !== MSG_CONTAINER_ID) return read(0);
  let found: HttpWait | undefined;
  const count = view.getInt32(4, true);
  let pos = 8;
  for (let i = 0; i < count && pos + 16 <= body.length; i++) {
    const length = view.getInt32(pos + 12, true);
    if (length < 0 || pos + 16 + length > body.length) break;
    found = read(pos + 16) ?? found;
    pos += 16 + length;
  }
  return found;
}
