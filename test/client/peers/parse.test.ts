/** parsePeer: every input form resolve() accepts, Bot API ids and their ranges, clear errors for garbage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromBotApiId, parsePeer, toBotApiId, usernameProblem, type ParsedPeer } from '../../../src/client/peers/index.js';
import { BadArgumentError } from '../../../src/errors.js';

function refuses(input: string | number | bigint, message: RegExp): void {
  assert.throws(() => parsePeer(input), (e: unknown) => e instanceof BadArgumentError && e.field === 'peer' && message.test(e.message), `${String(input)} → ${message}`);
}

test('self, usernames, phones', () => {
  const cases: [string, ParsedPeer][] = [
    ['me', { kind: 'self' }],
    ['SELF', { kind: 'self' }],
    ['@durov', { kind: 'username', username: 'durov' }],
    ['durov', { kind: 'username', username: 'durov' }],
    ['  @Durov_Bot  ', { kind: 'username', username: 'Durov_Bot' }],
    ['a', { kind: 'username', username: 'a' }],
    ['+1 (555) 123-45.67', { kind: 'phone', phone: '15551234567' }],
    ['+9996612345', { kind: 'phone', phone: '9996612345' }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parsePeer(input), expected, input);
});

test('username rules: 1–32 of [A-Za-z0-9_], letter first, no trailing _, no __', () => {
  assert.equal(usernameProblem('a'.repeat(32)), undefined);
  refuses('@' + 'a'.repeat(33), /33 characters \(at most 32\)/);
  refuses('@1abc', /must start with a letter/);
  refuses('@_abc', /must start with a letter/);
  refuses('@abc_', /must not end with _/);
  refuses('@ab__c', /must not contain __/);
  refuses('@ab-c', /only letters, digits and _/);
  refuses('@', /is empty/);
  refuses('@имя', /only letters, digits and _/);
  refuses('hello world', /neither a username, a phone number, a Bot API id nor a Telegram link/);
});

test('phones: digits only, 5–15 of them', () => {
  refuses('+12ab', /only digits may follow \+/);
  refuses('+1234', /4 digits \(5–15\)/);
  refuses('+1234567890123456', /16 digits/);
});

test('Bot API ids as numbers, bigints and strings', () => {
  const cases: [string | number | bigint, ParsedPeer][] = [
    [123, { kind: 'id', type: 'user', id: 123, botApiId: 123 }],
    [1099511627775, { kind: 'id', type: 'user', id: 1099511627775, botApiId: 1099511627775 }],
    ['-123', { kind: 'id', type: 'chat', id: 123, botApiId: -123 }],
    [-999999999999, { kind: 'id', type: 'chat', id: 999999999999, botApiId: -999999999999 }],
    ['-1001234567890', { kind: 'id', type: 'channel', id: 1234567890, botApiId: -1001234567890 }],
    [-1000000001234n, { kind: 'id', type: 'channel', id: 1234, botApiId: -1000000001234 }],
    [-1997852516352, { kind: 'id', type: 'channel', id: 997852516352, botApiId: -1997852516352 }],
    [-2002147483649, { kind: 'id', type: 'channel', id: 1002147483649, botApiId: -2002147483649 }],
    [-1999999999999, { kind: 'id', type: 'secretChat', id: 1, botApiId: -1999999999999 }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parsePeer(input), expected, String(input));
  refuses(0, /outside every id range/);
  refuses(1099511627776, /outside every id range/);
  refuses(-1000000000000, /outside every id range/);
  refuses(-4000000000001, /outside every id range/);
  refuses(1.5, /not a safe integer/);
  refuses(2n ** 60n, /not a safe integer/);
  refuses('12345678901234567', /too long/);
});

test('toBotApiId and fromBotApiId are inverse over every range', () => {
  assert.equal(toBotApiId('channel', 1234), -1000000001234);
  assert.equal(toBotApiId('chat', 5), -5);
  assert.equal(toBotApiId('secretChat', -5), -2000000000005);
  assert.throws(() => toBotApiId('channel', 997852516353), BadArgumentError);
  assert.throws(() => toBotApiId('user', 0), BadArgumentError);
  assert.throws(() => toBotApiId('chat', 1e12), BadArgumentError);
  const arb = fc.oneof(
    fc.integer({ min: 1, max: 0xffffffffff }).map((id) => ['user', id] as const),
    fc.integer({ min: 1, max: 999999999999 }).map((id) => ['chat', id] as const),
    fc.integer({ min: 1, max: 997852516352 }).map((id) => ['channel', id] as const),
    fc.integer({ min: 1002147483649, max: 3000000000000 }).map((id) => ['channel', id] as const),
    fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((id) => ['secretChat', id] as const),
  );
  fc.assert(
    fc.property(arb, ([type, id]) => {
      const botApiId = toBotApiId(type, id);
      assert.deepEqual(fromBotApiId(botApiId), { type, id });
      assert.deepEqual(parsePeer(String(botApiId)), { kind: 'id', type, id, botApiId });
    }),
    { seed: 41, numRuns: 500 },
  );
});

test('t.me links: usernames, invites, phones, messages, private posts, thread and comment forms', () => {
  const cases: [string, ParsedPeer][] = [
    ['t.me/durov', { kind: 'username', username: 'durov' }],
    ['https://t.me/durov/', { kind: 'username', username: 'durov' }],
    ['http://telegram.me/durov', { kind: 'username', username: 'durov' }],
    ['HTTPS://WWW.T.ME/durov', { kind: 'username', username: 'durov' }],
    ['telegram.dog/durov', { kind: 'username', username: 'durov' }],
    ['https://durov.t.me', { kind: 'username', username: 'durov' }],
    ['https://t.me/mybot?start=abc-_1', { kind: 'username', username: 'mybot', start: 'abc-_1' }],
    ['https://t.me/s/durov', { kind: 'username', username: 'durov' }],
    ['https://t.me/+AbCd-_12', { kind: 'invite', hash: 'AbCd-_12' }],
    ['t.me/joinchat/AbCd12', { kind: 'invite', hash: 'AbCd12' }],
    ['https://t.me/+15551234567', { kind: 'phone', phone: '15551234567' }],
    ['t.me/durov/45', { kind: 'message', username: 'durov', messageId: 45 }],
    ['https://t.me/durov/45?single&t=1m30s', { kind: 'message', username: 'durov', messageId: 45, single: true, mediaTimestamp: 90 }],
    ['https://t.me/durov/45?comment=7', { kind: 'message', username: 'durov', messageId: 45, commentId: 7 }],
    ['https://t.me/forum/12/45', { kind: 'message', username: 'forum', messageId: 45, threadId: 12 }],
    ['https://t.me/forum/45?thread=12', { kind: 'message', username: 'forum', messageId: 45, threadId: 12 }],
    ['https://durov.t.me/45', { kind: 'message', username: 'durov', messageId: 45 }],
    ['https://t.me/c/1234567890/45', { kind: 'channelMessage', channelId: 1234567890, messageId: 45 }],
    ['t.me/c/123/7/45', { kind: 'channelMessage', channelId: 123, messageId: 45, threadId: 7 }],
    ['t.me/c/123/45?thread=7#x', { kind: 'channelMessage', channelId: 123, messageId: 45, threadId: 7 }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parsePeer(input), expected, input);
});

test('tg:// links', () => {
  const cases: [string, ParsedPeer][] = [
    ['tg://resolve?domain=durov', { kind: 'username', username: 'durov' }],
    ['tg://resolve?domain=mybot&start=x1', { kind: 'username', username: 'mybot', start: 'x1' }],
    ['tg://resolve?domain=durov&post=45&comment=3', { kind: 'message', username: 'durov', messageId: 45, commentId: 3 }],
    ['tg:resolve?phone=15551234567', { kind: 'phone', phone: '15551234567' }],
    ['tg://join?invite=AbCd', { kind: 'invite', hash: 'AbCd' }],
    ['tg://privatepost?channel=123&post=45&thread=7', { kind: 'channelMessage', channelId: 123, messageId: 45, threadId: 7 }],
    ['TG://USER?id=42', { kind: 'id', type: 'user', id: 42, botApiId: 42 }],
  ];
  for (const [input, expected] of cases) assert.deepEqual(parsePeer(input), expected, input);
});

test('links that name no peer, or name it badly', () => {
  refuses('https://t.me/addstickers/Animals', /t\.me\/addstickers\/ links do not name a peer/);
  refuses('t.me/proxy?server=1.2.3.4', /t\.me\/proxy\/ links do not name a peer/);
  refuses('https://t.me/', /needs a path/);
  refuses('https://t.me/c/123', /need a channel id and a message id/);
  refuses('https://t.me/c/997852516353/1', /not a valid channel id/);
  refuses('https://t.me/c/123/0', /message id must be a positive integer/);
  refuses('https://t.me/durov/abc', /message id must be a positive integer/);
  refuses('https://t.me/durov/1/2/3', /too many path segments/);
  refuses('https://t.me/+a b', /./);
  refuses('https://t.me/joinchat/', /invite hash/);
  refuses('https://t.me/bot?start=no spaces', /start parameter/);
  refuses('https://example.com/durov', /example\.com is not a Telegram link host/);
  refuses('example.com', /not a Telegram link host/);
  refuses('tg://settings', /tg:\/\/settings links do not name a peer/);
  refuses('tg://resolve', /needs domain= or phone=/);
  refuses('tg://user?id=-5', /user id must be a positive integer/);
  refuses('https://t.me/%E0%A4%A', /malformed %-escape/);
  refuses('', /is empty/);
});

test('random strings: a ParsedPeer or a BadArgumentError, nothing else', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('t.me/', 'tg://', '@', '+', '-100').chain((p) => fc.string({ maxLength: 20 }).map((s) => p + s))), (s) => {
      try {
        const peer = parsePeer(s);
        assert.ok(['self', 'username', 'phone', 'invite', 'id', 'message', 'channelMessage'].includes(peer.kind));
      } catch (e) {
        assert.ok(e instanceof BadArgumentError, String(e));
      }
    }),
    { seed: 42, numRuns: 1000 },
  );
});
