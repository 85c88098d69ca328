import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePeerRef, resolveChat, resolveUser } from '../../src/cli/peer.js';
import { parseDuration } from '../../src/cli/duration.js';
import { formatTable } from '../../src/cli/table.js';
import { UsageError } from '../../src/cli/usage-error.js';

test('chat and user references', () => {
  assert.deepEqual(parsePeerRef('@demo_channel', 'chat'), { kind: 'username', username: 'demo_channel' });
  assert.deepEqual(parsePeerRef('https://t.me/demo_channel', 'chat'), { kind: 'username', username: 'demo_channel' });
  assert.deepEqual(parsePeerRef('-1001234567890', 'chat'), { kind: 'channel', id: 1234567890 });
  assert.deepEqual(parsePeerRef('-42', 'chat'), { kind: 'chat', id: 42 });
  assert.deepEqual(parsePeerRef('42', 'chat'), { kind: 'id', id: 42 });
  assert.deepEqual(parsePeerRef('me', 'chat'), { kind: 'self' });
  for (const bad of ['', '@ab', '#x', '0', '1.5', '99999999999999999']) {
    assert.throws(() => parsePeerRef(bad, '--admin'), (e: unknown) => e instanceof UsageError && e.message.startsWith('--admin: '), bad);
  }
});

test('resolution asks the server and keeps access hashes', async () => {
  const calls: string[] = [];
  const invoke = async (req: { _: string }): Promise<unknown> => {
    calls.push(req._);
    switch (req._) {
      case 'contacts.resolveUsername':
        return { _: 'contacts.resolvedPeer', peer: { _: 'peerChannel', channelId: 7 }, chats: [{ _: 'channel', id: 7, accessHash: 99n, title: 't' }], users: [] };
      case 'channels.getChannels':
        return { _: 'messages.chats', chats: [{ _: 'channel', id: 1234, accessHash: 5n, title: 't' }] };
      case 'messages.getChats':
        return { _: 'messages.chats', chats: [] };
      case 'users.getUsers':
        return [{ _: 'user', id: 8, accessHash: 3n }];
    }
    throw new Error(req._);
  };
  assert.deepEqual(await resolveChat(invoke, '@chan_name'), { _: 'inputPeerChannel', channelId: 7, accessHash: 99n });
  assert.deepEqual(await resolveChat(invoke, '-1000000001234'), { _: 'inputPeerChannel', channelId: 1234, accessHash: 5n });
  assert.deepEqual(await resolveChat(invoke, '1234'), { _: 'inputPeerChannel', channelId: 1234, accessHash: 5n });
  assert.deepEqual(calls.slice(-2), ['messages.getChats', 'channels.getChannels']);
  assert.deepEqual(await resolveChat(invoke, '-5'), { _: 'inputPeerChat', chatId: 5 });
  assert.deepEqual(await resolveUser(invoke, '8', '--user'), { _: 'inputUser', userId: 8, accessHash: 3n });
  assert.deepEqual(await resolveUser(invoke, '9', '--user', [{ _: 'user', id: 9, accessHash: 4n } as never]), { _: 'inputUser', userId: 9, accessHash: 4n });
  await assert.rejects(resolveUser(invoke, '@chan_name', '--user'), /--user: @chan_name is not a user/);
});

test('durations and tables', () => {
  assert.equal(parseDuration('7d', '--expire'), 604800);
  assert.equal(parseDuration('90', '--expire'), 90);
  assert.throws(() => parseDuration('0m', '--expire'), /positive/);
  assert.equal(formatTable(['A', 'BB'], [['xyz', ''], ['1', '2']]), 'A    BB\nxyz  -\n1    2');
});
