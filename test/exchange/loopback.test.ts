/** Key exchanges over real loopback connections, for every codec, plain and obfuscated, TCP and WebSocket. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from '../../src/transport/index.js';
import { listen, listenWebSocket } from '../../src/transport/server.js';
import type { CodecName, PacketConnection, TransportType } from '../../src/transport/index.js';
import { createAuthKey } from '../../src/exchange/index.js';
import type { ServerAuthKeyResult } from '../../src/exchange/server-side.js';
import { serveExchange, serverKey } from './helpers.js';

const combos: Array<{ type: TransportType; codec: CodecName; obfuscated: boolean }> = [
  { type: 'tcp', codec: 'abridged', obfuscated: false },
  { type: 'tcp', codec: 'intermediate', obfuscated: false },
  { type: 'tcp', codec: 'paddedIntermediate', obfuscated: false },
  { type: 'tcp', codec: 'full', obfuscated: false },
  { type: 'tcp', codec: 'abridged', obfuscated: true },
  { type: 'tcp', codec: 'intermediate', obfuscated: true },
  { type: 'tcp', codec: 'paddedIntermediate', obfuscated: true },
  { type: 'websocket', codec: 'intermediate', obfuscated: true },
];

for (const combo of combos) {
  test(`exchange over ${combo.type} ${combo.codec}${combo.obfuscated ? ' obfuscated' : ''}`, async () => {
    let serverOutcome: Promise<ServerAuthKeyResult | Error> | undefined;
    const onConnection = (conn: PacketConnection) => {
      serverOutcome = serveExchange(conn, { dcId: 2 }).outcome;
    };
    const listener = combo.type === 'tcp' ? await listen({ host: '127.0.0.1', port: 0 }, onConnection) : await listenWebSocket({ host: '127.0.0.1', port: 0 }, onConnection);
    let conn: PacketConnection | undefined;
    try {
      conn = await connect({ ...combo, host: '127.0.0.1', port: listener.address.port, dcId: 2, timeoutMs: 5000 });
      const result = await createAuthKey(conn, { publicKeys: [serverKey().publicKey], dcId: 2, timeoutMs: 10_000 });
      assert.ok(serverOutcome, 'server saw the connection');
      const serverResult = await serverOutcome;
      assert.ok(!(serverResult instanceof Error), String(serverResult));
      assert.deepEqual(result.authKey, serverResult.authKey);
      assert.equal(result.authKeyId, serverResult.authKeyId);
      assert.equal(result.serverSalt, serverResult.serverSalt);
    } finally {
      conn?.close();
      await listener.close();
    }
  });
}
