/** The in-memory packet pair other tests build on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransportError } from '../../src/transport/errors.js';
import { createPacketPair } from '../helpers/packet-pair.js';

test('packets arrive asynchronously, in order, and are counted', async () => {
  const [a, b] = createPacketPair();
  const got: number[] = [];
  let sync = true;
  const done = new Promise<void>((resolve) =>
    b.onPacket((p) => {
      assert.equal(sync, false, 'delivery must not happen inside send()');
      got.push(p[0]);
      if (got.length === 3) resolve();
    }),
  );
  a.send(Uint8Array.of(1));
  a.send(Uint8Array.of(2));
  a.send(Uint8Array.of(3, 3));
  sync = false;
  await done;
  assert.deepEqual(got, [1, 2, 3]);
  assert.equal(a.bytesOut, 4);
  assert.equal(b.bytesIn, 4);
  a.close();
});

test('packets sent before a handler exists are delivered once it is set', async () => {
  const [a, b] = createPacketPair();
  a.send(Uint8Array.of(9));
  await new Promise((r) => setImmediate(r));
  const p = await new Promise<Uint8Array>((resolve) => b.onPacket(resolve));
  assert.deepEqual(p, Uint8Array.of(9));
  a.close();
});

test('closing one end closes the other after in-flight packets; send after close throws', async () => {
  const [a, b] = createPacketPair();
  const received: Uint8Array[] = [];
  b.onPacket((p) => received.push(p));
  const closed = new Promise<Error | undefined>((resolve) => b.onClose(resolve));
  a.send(Uint8Array.of(1));
  a.close();
  const err = await closed;
  assert.equal(received.length, 1);
  assert.ok(err instanceof TransportError && err.kind === 'closed');
  assert.ok(a.closed && b.closed);
  assert.throws(() => a.send(Uint8Array.of(1)), TransportError);
  // onClose after the end is still called
  assert.ok((await new Promise((resolve) => a.onClose(() => resolve(true)))) === true);
});

test('a throwing handler closes the connection with its error; intercept can drop packets', async () => {
  const [a, b] = createPacketPair({ intercept: (p) => (p[0] === 0 ? null : undefined) });
  b.onPacket(() => {
    throw new Error('boom');
  });
  const closed = new Promise<Error | undefined>((resolve) => b.onClose(resolve));
  a.send(Uint8Array.of(0)); // dropped
  a.send(Uint8Array.of(1));
  assert.equal((await closed)?.message, 'boom');
  assert.equal(b.bytesIn, 1);
});
