/** The resolved list of `long` fields carried as JS numbers (user/chat/channel ids). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { entriesOf, findByName } from '../../src/tl/index.js';
import { NUMBER_ID_FIELD_NAMES, NUMBER_ID_FIELDS_BY_COMBINATOR } from '../../src/tl/gen/number-ids.js';

function resolved(): string[] {
  const out: string[] = [];
  for (const e of entriesOf('api')) for (const p of e.params) if (p.numberId) out.push(`${e.name}.${p.name}: ${p.type}`);
  return out.sort();
}

test('resolved number-id list matches test/tl/number-ids.expected.txt', (t) => {
  const list = resolved();
  t.diagnostic(`${list.length} number-id fields`);
  const expected = readFileSync('test/tl/number-ids.expected.txt', 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(list, expected);
});

test('peer ids are numbers; hashes and other longs stay bigint', () => {
  const numberId = (c: string, f: string): boolean | undefined => findByName(c, 'api')?.params.find((p) => p.name === f)?.numberId === true;
  for (const [c, f] of [
    ['user', 'id'], ['userEmpty', 'id'], ['chat', 'id'], ['chatForbidden', 'id'], ['channel', 'id'], ['channelForbidden', 'id'],
    ['userFull', 'id'], ['chatFull', 'id'], ['channelFull', 'id'], ['peerUser', 'user_id'], ['peerChat', 'chat_id'], ['peerChannel', 'channel_id'],
    ['inputPeerUser', 'user_id'], ['inputPeerChannel', 'channel_id'], ['inputUser', 'user_id'], ['inputChannel', 'channel_id'],
    ['chatInviteExported', 'admin_id'], ['channelParticipantAdmin', 'promoted_by'], ['channelParticipantBanned', 'kicked_by'],
    ['chatParticipant', 'inviter_id'], ['messageActionChatCreate', 'users'], ['messageActionChatAddUser', 'users'],
    ['channelFull', 'linked_chat_id'], ['channelFull', 'migrated_from_chat_id'], ['updateShortChatMessage', 'from_id'], ['message', 'via_bot_id'],
    ['messages.getChats', 'id'], ['botInfo', 'user_id'],
  ] as const) {
    assert.equal(numberId(c, f), true, `${c}.${f}`);
  }
  for (const [c, f] of [
    ['user', 'access_hash'], ['inputPeerUser', 'access_hash'], ['messages.sendMessage', 'random_id'], ['messages.getHistory', 'hash'],
    ['document', 'id'], ['photo', 'id'], ['updateBotInlineQuery', 'query_id'], ['messages.readFeaturedStickers', 'id'], ['inputPhoneContact', 'client_id'],
    ['contacts.importedContacts', 'retry_contacts'], ['auth.dropTempAuthKeys', 'except_auth_keys'],
  ] as const) {
    assert.equal(numberId(c, f), false, `${c}.${f}`);
  }
  for (const e of entriesOf('mt')) assert.ok(e.params.every((p) => !p.numberId), e.name);
});

test('every rule in number-ids.ts matches at least one field (no dead rules)', () => {
  const list = resolved();
  for (const name of NUMBER_ID_FIELD_NAMES) assert.ok(list.some((l) => l.split(':')[0].endsWith(`.${name}`)), name);
  for (const [c, fields] of Object.entries(NUMBER_ID_FIELDS_BY_COMBINATOR)) {
    for (const f of fields) assert.ok(list.some((l) => l.startsWith(`${c}.${f}:`)), `${c}.${f}`);
  }
});
