// The server's result encoding keeps its scratch buffer across file chunks: a stream of full 1 MiB
// `upload.file` answers does not regrow it from 4 KiB for each one; an unusual huge result still lets it go.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeResult, resultScratchBytes } from '../../src/testing/server/result-encoding.js';

const MiB = 1024 * 1024;

describe('result encoding scratch', () => {
  it('is kept after a full file chunk, dropped after a huge other result', () => {
    const chunk = { _: 'upload.file', type: { _: 'storage.filePartial' }, mtime: 1, bytes: new Uint8Array(MiB).fill(7) };
    const first = encodeResult('upload.getFile', chunk);
    assert.equal(first.length, MiB + 4 + 4 + 4 + 4, 'constructor, type, mtime, length prefix and the bytes');
    const kept = resultScratchBytes();
    assert.ok(kept > MiB, `the grown scratch (${kept} bytes) is kept`);
    const second = encodeResult('upload.getFile', chunk);
    assert.deepEqual(second, first);
    assert.equal(resultScratchBytes(), kept, 'the next chunk reuses it');
    encodeResult('help.getConfig', { _: 'jsonString', value: 'x'.repeat(600 * 1024) } as never);
    assert.ok(resultScratchBytes() <= 256 * 1024, 'a huge non-file result does not keep it');
  });
});
