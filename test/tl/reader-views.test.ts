/**
 * Reader.viewsFrom: large `bytes` fields of an owned input come back as views of it (file chunks
 * decoded without a copy), smaller ones and every field by default as copies; and the test
 * server's file answers, encoded with room for the rpc_result header in front.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reader, Writer } from '../../src/tl/index.js';
import { encodeResult, RPC_RESULT_HEADER_BYTES, withRoomForHeader } from '../../src/testing/server/result-encoding.js';
import { decodeIncoming } from '../../src/tl/codec.js';

function encoded(...fields: Uint8Array[]): Uint8Array {
  const w = new Writer();
  for (const f of fields) w.bytes(f);
  return w.finish();
}

test('Reader.bytes: copies by default, views from viewsFrom on (bounds checks unchanged)', () => {
  const small = new Uint8Array(100).fill(1);
  const large = new Uint8Array(70 * 1024).fill(2);
  const input = encoded(small, large);
  const copying = new Reader(input);
  const a = copying.bytes();
  const b = copying.bytes();
  assert.notEqual(a.buffer, input.buffer);
  assert.notEqual(b.buffer, input.buffer);
  assert.deepEqual(b, large);
  const viewing = new Reader(input);
  viewing.viewsFrom = 64 * 1024;
  const c = viewing.bytes();
  const d = viewing.bytes();
  assert.notEqual(c.buffer, input.buffer, 'below the threshold: a copy');
  assert.equal(d.buffer, input.buffer, 'from the threshold: a view');
  assert.deepEqual(d, large);
  assert.equal(d.length, large.length);
  const truncated = new Reader(input.subarray(0, input.length - 8));
  truncated.viewsFrom = 0;
  truncated.bytes();
  assert.throws(() => truncated.bytes());
});

test('encodeResult: a file chunk leaves room for the rpc_result header in its buffer; other results do not', () => {
  const bytes = new Uint8Array(256 * 1024).fill(9);
  const file = encodeResult('upload.getFile', { _: 'upload.file', type: { _: 'storage.filePartial' }, mtime: 1, bytes });
  const room = withRoomForHeader(file);
  assert.ok(room);
  assert.equal(room.buffer, file.buffer);
  assert.equal(room.length, file.length + RPC_RESULT_HEADER_BYTES);
  assert.equal(room.byteOffset + RPC_RESULT_HEADER_BYTES, file.byteOffset);
  const decoded = decodeIncoming(file) as { bytes: Uint8Array };
  assert.deepEqual(decoded.bytes, bytes);
  assert.equal(withRoomForHeader(encodeResult('help.getCdnConfig', { _: 'cdnConfig', publicKeys: [] })), undefined);
  assert.equal(withRoomForHeader(new Uint8Array(64)), undefined);
});
