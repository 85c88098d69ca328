// Streaming a download through user middlewares (`client.use`, `options.middlewares`) retains nothing per
// call: chunks the consumer let go of are collected, and no abort listener outlives its call. Counted,
// not timed: chunks through a FinalizationRegistry, listeners with `getEventListeners`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { setImmediate as turn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Client } from '../../../src/client/client.js';
import type { Middleware } from '../../../src/client/invoke/types.js';
import { TestServer, type UserRecord } from '../../../src/testing/index.js';
import type { RawDocument } from '../../../src/tl/index.js';
import { clientOn, seededBytes } from '../../testing/files/helpers.js';

const KiB = 1024;
const CHUNK = 64 * KiB;
const PARALLEL = 4;
const SELF = { _: 'inputPeerSelf' } as const;

// a test-only view of the heap: collect, then let finalizers run
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc();
    await turn();
  }
}

describe('user middlewares retain nothing per call while streaming', () => {
  let server: TestServer;
  let alice: UserRecord;
  let client: Client;
  let doc: RawDocument;
  const size = 2 * 1024 * KiB + 5 * KiB; // 33 chunks of 64 KiB
  /** Abort listeners seen on a call's signal once its result came back through the middleware. */
  const listenersAfter: number[] = [];
  let lastSignal: AbortSignal | undefined;
  let calls = 0;
  const passThrough: Middleware = (next) => (request, options) => next(request, options);
  const counting: Middleware = (next) => async (request, options) => {
    const result = await next(request, options);
    if (request._ === 'upload.getFile' && options.signal) {
      calls++;
      lastSignal = options.signal;
      listenersAfter.push(getEventListeners(options.signal, 'abort').length);
    }
    return result;
  };

  before(async () => {
    server = await TestServer.start({ wsPort: false });
    alice = server.world!.seed.createUser({ firstName: 'Alice' });
    client = await clientOn(server, alice);
    client.use(passThrough).use(counting).use(passThrough);
    const file = await client.files.upload(seededBytes(size, 7), { name: 'r.bin' });
    const media = (await client.invoke({ _: 'messages.uploadMedia', peer: SELF, media: { _: 'inputMediaUploadedDocument', file, mimeType: 'application/octet-stream', attributes: [] } })) as {
      document: RawDocument;
    };
    doc = media.document;
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('chunks are collected after delivery and listeners end with their calls, however many streams ran', async () => {
    let alive = 0;
    let maxAlive = 0;
    const registry = new FinalizationRegistry<number>(() => alive--);
    const rounds = 6;
    let chunks = 0;
    for (let round = 0; round < rounds; round++) {
      for await (const chunk of client.files.stream(doc, { chunkSize: CHUNK, parallel: PARALLEL })) {
        registry.register(chunk.buffer, 0);
        alive++;
        chunks++;
        if (chunks % 8 === 0) {
          await settle();
          maxAlive = Math.max(maxAlive, alive);
        }
      }
      await settle();
      assert.equal(getEventListeners(lastSignal!, 'abort').length, 0, `round ${round}: no listener left on the stream's signal`);
    }
    const perRound = Math.ceil(size / CHUNK);
    assert.equal(chunks, rounds * perRound);
    assert.equal(calls, rounds * perRound, 'every call went through the middleware chain');
    // a chain that kept per-call results would hold every chunk of every round
    assert.ok(maxAlive <= PARALLEL + 2, `at most the chunks in flight are alive while streaming (saw ${maxAlive})`);
    assert.ok(alive <= 1, `chunks left alive after ${rounds} streams: ${alive}`);
    // each call's listener is gone when its answer is back; only the other calls in flight hold one
    assert.ok(Math.max(...listenersAfter) <= PARALLEL, `listeners on the shared signal stay within the calls in flight (saw ${Math.max(...listenersAfter)})`);
  });
});
