import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSession } from './setup.js';
import { LAYER } from '../../src/tl/index.js';
import { RpcError } from '../../src/errors.js';
import { ScriptedServer, body } from '../helpers/scripted-server.js';

test('start, wrapped first request, container of concurrent calls, results routed', async () => {
  const server = new ScriptedServer();
  const states: string[] = [];
  const session = makeSession(server, { onStateChange: (s) => states.push(s) });
  await session.start();
  assert.equal(session.state, 'ready');
  const results = await Promise.all([1, 2, 3].map((hash) => session.invoke({ _: 'help.getAppConfig', hash })));
  assert.deepEqual(results.map((r) => (r as { hash: number }).hash), [1, 2, 3]);
  const reqs = server.requests('help.getAppConfig');
  assert.equal(reqs.length, 3);
  assert.equal(reqs[0]!.wrapped, true, 'first request is wrapped');
  assert.equal(reqs[0]!.layer, LAYER);
  assert.ok(!reqs[1]!.wrapped && !reqs[2]!.wrapped);
  assert.ok(reqs[0]!.containerId !== undefined && reqs.every((r) => r.containerId === reqs[0]!.containerId), 'sent in one container');
  for (const r of reqs) assert.equal(r.msgId % 4n, 0n);
  assert.ok(reqs[0]!.seqNo % 2 === 1 && reqs[1]!.seqNo > reqs[0]!.seqNo);
  // acks for the three rpc_results reach the server within ~100 ms
  await server.waitFor((m) => m.obj?._ === 'msgs_ack');
  await session.close();
  assert.deepEqual(states, ['connecting', 'ready', 'closed']);
});

test('rpc_error becomes RpcError with code, type, argument and method', async () => {
  const server = new ScriptedServer();
  server.handlers.set('help.getNearestDc', () => ({ error: [420, 'FLOOD_WAIT_7'] }));
  const session = makeSession(server);
  await session.start();
  await assert.rejects(session.invoke({ _: 'help.getNearestDc' }), (e: unknown) => {
    assert.ok(e instanceof RpcError);
    assert.equal(e.code, 420);
    assert.equal(e.type, 'FLOOD_WAIT');
    assert.equal(e.argument, 7);
    assert.equal(e.method, 'help.getNearestDc');
    return true;
  });
  await session.close();
});

test('gzip_packed results are unpacked; large requests are sent gzip_packed', async () => {
  const server = new ScriptedServer({ auto: false });
  const session = makeSession(server);
  await session.start();
  const keys = Array.from({ length: 200 }, (_, i) => `key_number_${i}`);
  const call = session.invoke({ _: 'langpack.getStrings', langPack: 'tdesktop', langCode: 'en', keys });
  const m = await server.waitFor((r) => r.query?._ === 'langpack.getStrings');
  assert.equal(m.gzipped, true);
  assert.deepEqual((m.query as { keys: string[] }).keys, keys);
  const strings = keys.map((key) => ({ _: 'langPackString' as const, key, value: `value of ${key}` }));
  server.send(body.rpcResult(m.msgId, gzipVector(strings)));
  const out = await call;
  assert.equal(out.length, 200);
  assert.equal((out[199] as { value: string }).value, 'value of key_number_199');
  await session.close();
});

import { Writer, encode } from '../../src/tl/index.js';
import { gzipPack } from '../../src/mtproto/index.js';
import type { AnyTlObject } from '../../src/tl/index.js';
function gzipVector(items: AnyTlObject[]): Uint8Array {
  const w = new Writer(1024);
  w.uint(0x1cb5c415);
  w.int(items.length);
  for (const it of items) w.raw(encode(it));
  const packed = gzipPack(w.finish());
  return packed;
}

test('container of mixed results: result, error, update, ack', async () => {
  const server = new ScriptedServer({ auto: false });
  const updates: unknown[] = [];
  const session = makeSession(server, { onUpdate: (u) => updates.push(u) });
  await session.start();
  const a = session.invoke({ _: 'help.getAppConfig', hash: 5 });
  const b = session.invoke({ _: 'help.getNearestDc' });
  const ma = await server.waitFor((r) => r.query?._ === 'help.getAppConfig');
  const mb = await server.waitFor((r) => r.query?._ === 'help.getNearestDc');
  server.send([
    body.ack([ma.msgId, mb.msgId]),
    encode({ _: 'updatesTooLong' }),
    body.rpcError(mb.msgId, 400, 'PEER_ID_INVALID'),
    body.rpcResult(ma.msgId, encode({ _: 'help.appConfig', hash: 5, config: { _: 'jsonNull' } })),
  ]);
  assert.equal(((await a) as { hash: number }).hash, 5);
  await assert.rejects(b, (e: unknown) => e instanceof RpcError && e.type === 'PEER_ID_INVALID');
  assert.deepEqual(updates, [{ _: 'updatesTooLong' }]);
  await session.close();
});
