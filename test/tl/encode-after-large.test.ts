// A shared encode buffer dropped after a huge write must not leave the writer's 64-bit view on the
// old buffer: longs written next were lost (every 1 MiB file chunk answered with req_msg_id 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '../../src/tl/index.js';
import { Writer } from '../../src/tl/runtime/writer.js';

test('longs survive an encode that follows one over 1 MiB', () => {
  for (const n of [1 << 20, (1 << 20) + 4, (1 << 20) + 64, 1 << 21]) {
    for (let round = 0; round < 2; round++) {
      const b = encode({ _: 'rpc_result', reqMsgId: 123456789n, result: new Uint8Array(n).fill(7) });
      assert.equal(new DataView(b.buffer, b.byteOffset).getBigInt64(4, true), 123456789n, `result of ${n} bytes, round ${round}`);
    }
  }
});

test('Writer.shrink drops a large buffer and keeps writing longs correctly', () => {
  const w = new Writer(16);
  w.raw(new Uint8Array(100_000));
  w.shrink(64);
  assert.equal(w.buf.length, 64);
  w.long(-2n);
  assert.deepEqual([...w.finish()], [254, 255, 255, 255, 255, 255, 255, 255]);
});
