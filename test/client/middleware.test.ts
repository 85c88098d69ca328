import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyRequest } from '../../src/tl/index.js';
import { ManualClock, backoffDelay, flushMicrotasks, sleep } from '../../src/client/clock.js';
import { BadArgumentError, CancelledError, RpcError } from '../../src/client/errors.js';
import {
  composeMiddlewares,
  floodWait,
  rateLimit,
  retryInternal,
  TokenBucket,
  type Invoker,
  type Middleware,
} from '../../src/client/middleware/index.js';

const request = { _: 'help.getConfig' } as unknown as AnyRequest;

/** Invoker that fails with the given errors in turn, then resolves 'ok'. */
function failing(...errors: unknown[]): Invoker & { calls: number } {
  const fn = (async () => {
    fn.calls++;
    if (errors.length > 0) throw errors.shift();
    return 'ok';
  }) as unknown as Invoker & { calls: number };
  fn.calls = 0;
  return fn;
}

describe('composeMiddlewares', () => {
  it('first middleware is the outermost', async () => {
    const log: string[] = [];
    const tag =
      (name: string): Middleware =>
      (next) =>
      async (req, opts) => {
        log.push(`${name}>`);
        const result = await next(req, opts);
        log.push(`<${name}`);
        return `${name}(${String(result)})`;
      };
    const invoke = composeMiddlewares([tag('a'), tag('b'), tag('c')], async () => {
      log.push('send');
      return 'x';
    });
    assert.equal(await invoke(request, {}), 'a(b(c(x)))');
    assert.deepEqual(log, ['a>', 'b>', 'c>', 'send', '<c', '<b', '<a']);
  });

  it('no middlewares returns the invoker itself and passes options through', async () => {
    const invoker: Invoker = async (_req, opts) => opts.dcId;
    assert.equal(composeMiddlewares([], invoker), invoker);
    assert.equal(await composeMiddlewares([floodWait()], invoker)(request, { dcId: 4 }), 4);
  });
});

describe('floodWait', () => {
  it('sleeps the given seconds below the threshold and retries', async () => {
    const clock = new ManualClock();
    const waits: number[] = [];
    const next = failing(RpcError.fromTl(420, 'FLOOD_WAIT_3'), RpcError.fromTl(420, 'SLOWMODE_WAIT_2'));
    const invoke = floodWait({ clock, onWait: (i) => void waits.push(i.seconds) })(next);
    const result = invoke(request, {});
    await clock.advance(2999);
    assert.equal(next.calls, 1);
    await clock.advance(1);
    assert.equal(next.calls, 2);
    await clock.advance(2000);
    assert.equal(await result, 'ok');
    assert.equal(next.calls, 3);
    assert.deepEqual(waits, [3, 2]);
    assert.deepEqual(clock.sleeps, [3000, 2000]);
    assert.equal(clock.pending, 0);
  });

  it('handles FLOOD_PREMIUM_WAIT too', async () => {
    const clock = new ManualClock();
    const next = failing(RpcError.fromTl(420, 'FLOOD_PREMIUM_WAIT_1'));
    const result = floodWait({ clock })(next)(request, {});
    await clock.advance(1000);
    assert.equal(await result, 'ok');
  });

  it('rethrows above the threshold without sleeping', async () => {
    const clock = new ManualClock();
    const error = RpcError.fromTl(420, 'FLOOD_WAIT_61');
    const next = failing(error);
    await assert.rejects(floodWait({ clock, maxWaitSeconds: 60 })(next)(request, {}), (e) => e === error);
    assert.deepEqual(clock.sleeps, []);
  });

  it('gives up after maxRetries waits', async () => {
    const clock = new ManualClock();
    const errors = Array.from({ length: 4 }, () => RpcError.fromTl(420, 'FLOOD_WAIT_1'));
    const next = failing(...errors);
    const result = floodWait({ clock, maxRetries: 2 })(next)(request, {});
    const check = assert.rejects(result, (e) => e === errors[2]);
    await clock.advance(5000);
    await check;
    assert.equal(next.calls, 3);
  });

  it('does not touch other errors', async () => {
    const other = RpcError.fromTl(400, 'PEER_ID_INVALID');
    await assert.rejects(floodWait({ clock: new ManualClock() })(failing(other))(request, {}), (e) => e === other);
    const plain = new Error('boom');
    await assert.rejects(floodWait({ clock: new ManualClock() })(failing(plain))(request, {}), (e) => e === plain);
  });

  it('onWait returning false rethrows', async () => {
    const error = RpcError.fromTl(420, 'FLOOD_WAIT_1');
    const invoke = floodWait({ clock: new ManualClock(), onWait: () => false })(failing(error));
    await assert.rejects(invoke(request, {}), (e) => e === error);
  });

  it('abort during the sleep rejects at once and leaves no timer', async () => {
    const clock = new ManualClock();
    const next = failing(RpcError.fromTl(420, 'FLOOD_WAIT_30'));
    const ctrl = new AbortController();
    const result = floodWait({ clock })(next)(request, { signal: ctrl.signal });
    await flushMicrotasks();
    assert.equal(clock.pending, 1);
    ctrl.abort(new Error('stop'));
    await assert.rejects(result, (e) => e instanceof CancelledError && (e.cause as Error).message === 'stop');
    assert.equal(clock.pending, 0);
    assert.equal(next.calls, 1);
  });

  it('works with the real clock: abort clears the real timer', async () => {
    const next = failing(RpcError.fromTl(420, 'FLOOD_WAIT_30'));
    const ctrl = new AbortController();
    const result = floodWait()(next)(request, { signal: ctrl.signal });
    setImmediate(() => ctrl.abort());
    await assert.rejects(result, { name: 'AbortError' });
    // the test runner would report the test as hanging if a 30 s timer were left alive
  });

  it('validates options', () => {
    assert.throws(() => floodWait({ maxRetries: -1 }), BadArgumentError);
    assert.throws(() => floodWait({ maxWaitSeconds: Number.NaN }), { name: 'BadArgumentError', field: 'maxWaitSeconds' });
  });
});

describe('retryInternal', () => {
  it('retries 500 / -500 / INTERNAL with exponential jittered backoff', async () => {
    const clock = new ManualClock();
    const next = failing(
      RpcError.fromTl(500, 'RPC_CALL_FAIL'),
      RpcError.fromTl(-500, 'No workers running'),
      RpcError.fromTl(400, 'INTERNAL'),
    );
    const result = retryInternal({ clock, baseDelayMs: 100, random: () => 0.5 })(next)(request, {});
    await clock.advance(10_000);
    assert.equal(await result, 'ok');
    assert.equal(next.calls, 4);
    // ceiling 100·2^n, equal jitter with random 0.5 → 75 % of it
    assert.deepEqual(clock.sleeps, [75, 150, 300]);
  });

  it('rethrows the last error after maxRetries', async () => {
    const clock = new ManualClock();
    const errors = [1, 2, 3].map(() => RpcError.fromTl(500, 'INTERNAL_SERVER_ERROR'));
    const next = failing(...errors);
    const check = assert.rejects(retryInternal({ clock, maxRetries: 2 })(next)(request, {}), (e) => e === errors[2]);
    await clock.advance(60_000);
    await check;
    assert.equal(next.calls, 3);
  });

  it('does not retry client errors, flood waits or non-RPC errors', async () => {
    for (const error of [RpcError.fromTl(400, 'PEER_ID_INVALID'), RpcError.fromTl(420, 'FLOOD_WAIT_1'), new Error('x')]) {
      const next = failing(error);
      await assert.rejects(retryInternal({ clock: new ManualClock() })(next)(request, {}), (e) => e === error);
      assert.equal(next.calls, 1);
    }
  });

  it('abort during backoff rejects and clears the timer', async () => {
    const clock = new ManualClock();
    const ctrl = new AbortController();
    const result = retryInternal({ clock })(failing(RpcError.fromTl(500, 'INTERNAL')))(request, { signal: ctrl.signal });
    await flushMicrotasks();
    assert.equal(clock.pending, 1);
    ctrl.abort();
    await assert.rejects(result, CancelledError);
    assert.equal(clock.pending, 0);
  });

  it('backoffDelay stays within [ceiling/2, ceiling] and is capped', () => {
    for (let attempt = 0; attempt < 70; attempt++) {
      const ceiling = Math.min(5000, 100 * 2 ** attempt);
      assert.equal(backoffDelay(attempt, { baseMs: 100, maxMs: 5000, random: () => 0 }), ceiling / 2);
      const hi = backoffDelay(attempt, { baseMs: 100, maxMs: 5000, random: () => 0.999999 });
      assert.ok(hi <= ceiling && hi >= ceiling / 2);
    }
    assert.throws(() => backoffDelay(-1, { baseMs: 1 }), BadArgumentError);
  });
});

describe('rateLimit', () => {
  it('lets a burst through, then one call per interval', async () => {
    const clock = new ManualClock();
    const started: number[] = [];
    const invoke = rateLimit({ ratePerSecond: 10, burst: 3, clock })(async () => {
      started.push(clock.now());
      return 'ok';
    });
    const calls = Array.from({ length: 6 }, () => invoke(request, {}));
    await clock.advance(1000);
    await Promise.all(calls);
    assert.deepEqual(started, [0, 0, 0, 100, 200, 300]);
  });

  it('serves waiters in arrival order (fair), even when new callers keep coming', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(1, 1, clock);
    const order: number[] = [];
    await bucket.acquire(); // drain the burst
    const waiting = [1, 2, 3].map((n) => bucket.acquire().then(() => order.push(n)));
    await clock.advance(1500); // one token refilled → #1
    // a late caller must queue behind #2 and #3 even though time has passed
    const late = bucket.acquire().then(() => order.push(4));
    await clock.advance(3000);
    await Promise.all([...waiting, late]);
    assert.deepEqual(order, [1, 2, 3, 4]);
    assert.equal(bucket.timerArmed, false);
  });

  it('abort removes a queued caller, keeps the others, and leaves no timer when idle', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(1, 1, clock);
    await bucket.acquire();
    const ctrl = new AbortController();
    const first = bucket.acquire(ctrl.signal);
    const second = bucket.acquire();
    await flushMicrotasks();
    assert.equal(bucket.waiting, 2);
    ctrl.abort();
    await assert.rejects(first, CancelledError);
    assert.equal(bucket.waiting, 1);
    await clock.advance(1000);
    await second;

    const ctrl2 = new AbortController();
    const lone = bucket.acquire(ctrl2.signal);
    await flushMicrotasks();
    assert.equal(bucket.timerArmed, true);
    ctrl2.abort();
    await assert.rejects(lone, CancelledError);
    assert.equal(bucket.timerArmed, false);
    assert.equal(clock.pending, 0);
  });

  it('a caller arriving right after the last waiter aborted is still served', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(1, 1, clock);
    await bucket.acquire();
    const ctrl = new AbortController();
    const aborted = bucket.acquire(ctrl.signal);
    ctrl.abort();
    const next = bucket.acquire(); // same tick: the old timer is being torn down
    await assert.rejects(aborted, CancelledError);
    assert.equal(bucket.timerArmed, true);
    await clock.advance(1000);
    await next;
    assert.equal(bucket.timerArmed, false);
  });

  it('an already aborted signal rejects without queueing', async () => {
    const bucket = new TokenBucket(1, 1, new ManualClock());
    await assert.rejects(bucket.acquire(AbortSignal.abort()), CancelledError);
    assert.equal(bucket.waiting, 0);
  });

  it('refills after idling but never beyond burst', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(2, 2, clock);
    await bucket.acquire();
    await bucket.acquire();
    await clock.advance(60_000);
    const at: number[] = [];
    const all = [1, 2, 3].map(() => bucket.acquire().then(() => at.push(clock.now())));
    await clock.advance(1000);
    await Promise.all(all);
    assert.deepEqual(at, [60_000, 60_000, 60_500]);
  });

  it('works on the real clock without leaving timers', async () => {
    const invoke = rateLimit({ ratePerSecond: 200, burst: 1 })(async () => 'ok');
    const results = await Promise.all([1, 2, 3].map(() => invoke(request, {})));
    assert.deepEqual(results, ['ok', 'ok', 'ok']);
  });

  it('validates options', () => {
    assert.throws(() => rateLimit({ ratePerSecond: 0 }), { name: 'BadArgumentError', field: 'ratePerSecond' });
    assert.throws(() => rateLimit({ ratePerSecond: 5, burst: 0.5 }), { name: 'BadArgumentError', field: 'burst' });
  });
});

describe('sleep', () => {
  it('resolves, and rejects at once for an aborted signal', async () => {
    await sleep(1);
    await assert.rejects(sleep(10_000, AbortSignal.abort('r')), (e) => e instanceof CancelledError && e.cause === 'r');
  });
});
