import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import {
  BadArgumentError,
  CancelledError,
  ClosedError,
  MigrationError,
  RpcError,
  SecurityError,
  CryptoError,
  TransportError,
  TlError,
  SessionError,
  SessionLockedError,
  TgtsError,
  TimeoutError,
  parseRpcErrorMessage,
} from '../../src/client/errors.js';

describe('RpcError parsing', () => {
  const table: [code: number, message: string, type: string, argument: number | undefined][] = [
    [420, 'FLOOD_WAIT_30', 'FLOOD_WAIT', 30],
    [420, 'FLOOD_PREMIUM_WAIT_7', 'FLOOD_PREMIUM_WAIT', 7],
    [420, 'SLOWMODE_WAIT_300', 'SLOWMODE_WAIT', 300],
    [303, 'PHONE_MIGRATE_2', 'PHONE_MIGRATE', 2],
    [303, 'FILE_MIGRATE_4', 'FILE_MIGRATE', 4],
    [400, 'FILE_PART_5_MISSING', 'FILE_PART_MISSING', 5],
    [400, 'FILE_REFERENCE_0_EXPIRED', 'FILE_REFERENCE_EXPIRED', 0],
    [420, '2FA_CONFIRM_WAIT_3600', '2FA_CONFIRM_WAIT', 3600],
    [400, 'EMAIL_UNCONFIRMED_6', 'EMAIL_UNCONFIRMED', 6],
    [406, 'PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_5MIN', 'PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_MIN', 5],
    [400, 'CHAT_ADMIN_REQUIRED', 'CHAT_ADMIN_REQUIRED', undefined],
    [400, 'SHA256_HASH_INVALID', 'SHA256_HASH_INVALID', undefined],
    [400, 'MD5_CHECKSUM_INVALID', 'MD5_CHECKSUM_INVALID', undefined],
    [500, 'INTERNAL', 'INTERNAL', undefined],
    [-503, 'Timeout', 'Timeout', undefined],
    [400, '', '', undefined],
    [400, '_5', '_5', undefined],
    [400, 'A__5', 'A__5', undefined],
    [400, 'X_99999999999999999999', 'X_99999999999999999999', undefined],
  ];
  for (const [code, message, type, argument] of table) {
    it(`${message || '(empty)'} → ${type || '(empty)'} ${argument ?? ''}`, () => {
      const err = RpcError.fromTl(code, message, 'messages.sendMessage');
      assert.equal(err.code, code);
      assert.equal(err.message, message);
      assert.equal(err.type, type);
      assert.equal(err.argument, argument);
      assert.equal(err.method, 'messages.sendMessage');
      assert.equal(err.name, 'RpcError');
      assert.ok(err instanceof TgtsError && err instanceof Error);
      assert.deepEqual(parseRpcErrorMessage(message), argument === undefined ? { type } : { type, argument });
    });
  }

  it('method is optional and absent when not given', () => {
    const err = new RpcError(400, 'PEER_ID_INVALID');
    assert.equal(err.method, undefined);
    assert.equal('method' in err, false);
    assert.equal('argument' in err, false);
  });
});

describe('RpcError.is / isOf', () => {
  const flood = RpcError.fromTl(420, 'FLOOD_WAIT_30');

  it('matches by type, by raw message, or any RpcError', () => {
    assert.equal(RpcError.is(flood), true);
    assert.equal(RpcError.is(flood, 'FLOOD_WAIT'), true);
    assert.equal(RpcError.is(flood, 'FLOOD_WAIT_30'), true);
    assert.equal(RpcError.is(flood, 'FLOOD_WAIT_31'), false);
    assert.equal(RpcError.is(flood, 'PEER_ID_INVALID'), false);
    assert.equal(RpcError.is(new Error('FLOOD_WAIT'), 'FLOOD_WAIT'), false);
    assert.equal(RpcError.is(undefined), false);
    assert.equal(RpcError.is({ type: 'FLOOD_WAIT' }, 'FLOOD_WAIT'), false);
  });

  it('narrows err.type at compile time', () => {
    const err: unknown = flood;
    if (RpcError.is(err, 'FLOOD_WAIT')) {
      expectTypeOf(err.type).toEqualTypeOf<'FLOOD_WAIT'>();
      expectTypeOf(err.argument).toEqualTypeOf<number | undefined>();
      expectTypeOf(err).toMatchTypeOf<RpcError>();
    } else {
      assert.fail('expected a match');
    }
    const other: unknown = flood;
    if (RpcError.is(other)) expectTypeOf(other.type).toEqualTypeOf<string>();
    // @ts-expect-error: type must be a string
    RpcError.is(err, 42);
  });

  it('isOf narrows to the documented errors of a method and checks the method', () => {
    const err: unknown = RpcError.fromTl(400, 'CHAT_ADMIN_REQUIRED', 'messages.exportChatInvite');
    assert.equal(RpcError.isOf(err, 'messages.exportChatInvite'), true);
    assert.equal(RpcError.isOf(err, 'messages.sendMessage'), false);
    assert.equal(RpcError.isOf(new RpcError(400, 'X'), 'messages.sendMessage'), true);
    assert.equal(RpcError.isOf(new Error('x'), 'messages.sendMessage'), false);
    if (RpcError.isOf(err, 'messages.exportChatInvite')) {
      expectTypeOf(err.type).toMatchTypeOf<string>();
      expectTypeOf<'CHAT_ADMIN_REQUIRED'>().toMatchTypeOf<typeof err.type>();
      expectTypeOf<'FLOOD_WAIT'>().toMatchTypeOf<typeof err.type>();
      // a type that is not documented for the method is rejected
      expectTypeOf<'SURELY_NOT_A_REAL_ERROR'>().not.toMatchTypeOf<typeof err.type>();
      let handled = false;
      switch (err.type) {
        case 'CHAT_ADMIN_REQUIRED':
          handled = true;
          break;
        default:
          break;
      }
      assert.equal(handled, true);
    }
  });
});

describe('library errors', () => {
  it('each has its own class, name and fields', () => {
    const timeout = new TimeoutError('rpc timed out', 5000);
    assert.equal(timeout.name, 'TimeoutError');
    assert.equal(timeout.timeoutMs, 5000);
    assert.equal(new ClosedError().name, 'ClosedError');
    assert.equal(new ClosedError().message, 'client is closed');

    const reason = new Error('user pressed stop');
    const cancelled = new CancelledError(reason);
    assert.equal(cancelled.name, 'AbortError');
    assert.equal(cancelled.cause, reason);
    const ctrl = new AbortController();
    ctrl.abort('why');
    assert.equal(CancelledError.fromSignal(ctrl.signal).cause, 'why');

    const sec = new SecurityError('msg_key', 'mismatch');
    assert.equal(sec.rule, 'msg_key');
    assert.match(sec.message, /msg_key/);
    assert.equal(sec.name, 'SecurityError');
    for (const e of [sec, new TlError('x', 0, 'int'), new TransportError('closed', 'x'), new CryptoError('x')]) assert.ok(e instanceof TgtsError, e.name);

    const bad = new BadArgumentError('ratePerSecond', 'must be > 0');
    assert.equal(bad.field, 'ratePerSecond');
    assert.equal(bad.message, 'ratePerSecond: must be > 0');

    const sess = new SessionError('bad JSON', '/tmp/a.json', 'dcs.2.authKey');
    assert.equal(sess.file, '/tmp/a.json');
    assert.equal(sess.field, 'dcs.2.authKey');
    assert.match(sess.message, /^\/tmp\/a\.json: dcs\.2\.authKey: bad JSON$/);

    const locked = new SessionLockedError('/tmp/a.json', 1234);
    assert.ok(locked instanceof SessionError);
    assert.equal(locked.name, 'SessionLockedError');
    assert.equal(locked.pid, 1234);
    assert.match(locked.message, /1234/);

    const mig = new MigrationError('too many redirects', 4);
    assert.equal(mig.dcId, 4);
    assert.equal(mig.name, 'MigrationError');

    for (const e of [timeout, cancelled, sec, bad, sess, locked, mig]) assert.ok(e instanceof TgtsError);
  });
});
