/** Generator: deterministic output, counts, and the naming contract other layers code against. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generate } from '../../src/tl/gen/generate.js';
import { pascalCase, camelCase } from '../../src/tl/gen/naming.js';
import { expectTypeOf } from 'expect-type';
import type {
  ChatInviteExported, ExportedChatInvite, MessagesExportedChatInvite, User, RawUser, UserEmpty, Message, RawMessage, MessageEmpty, MessageService,
  MessagesExportChatInviteRequest, Methods, ParamsOf, ResultOf, InvokeWithLayerRequest, MessagesGetChatsRequest, MessagesChats, ErrorsOf, InputPeer, mt, e2e, Objects,
} from '../../src/tl/index.js';

const input = () => ({
  api: readFileSync('schema/telegram.tl', 'utf8'),
  mt: readFileSync('schema/mt.tl', 'utf8'),
  e2e: readFileSync('schema/encrypted.tl', 'utf8'),
  errors: JSON.parse(readFileSync('data/errors.json', 'utf8')),
});

const first = generate(input());

test('generating twice gives byte-identical output, equal to the files on disk', () => {
  const a = first;
  const b = generate(input());
  assert.deepEqual([...a.files.keys()], [...b.files.keys()]);
  for (const [k, v] of a.files) {
    assert.equal(v, b.files.get(k), k);
    assert.equal(readFileSync(`src/tl/generated/${k}`, 'utf8'), v, `${k} is stale: run npm run generate`);
  }
});

test('counts: every constructor and method is generated', () => {
  const { models } = first;
  const counts = Object.fromEntries(models.map((m) => [m.key, [m.constructors.length, m.methods.length]]));
  // api: 1648 constructors minus boolFalse/boolTrue/true (encoded natively), 808 methods
  assert.deepEqual(counts, { api: [1645, 808], mt: [36, 10], e2e: [85, 1] });
});

test('naming helpers', () => {
  assert.equal(pascalCase('chatInviteExported'), 'ChatInviteExported');
  assert.equal(pascalCase('messages.chatInviteImporters'), 'MessagesChatInviteImporters');
  assert.equal(pascalCase('p_q_inner_data_dc'), 'PQInnerDataDc');
  assert.equal(camelCase('usage_limit'), 'usageLimit');
  assert.equal(camelCase('new_nonce_hash1'), 'newNonceHash1');
});

test('naming contract in the generated types', () => {
  const types = first.files.get('api/types.ts')!;
  assert.match(types, /export type ExportedChatInvite = ChatInviteExported \| ChatInvitePublicJoinRequests;/);
  assert.match(types, /export type User = UserEmpty \| RawUser;/);
  assert.match(types, /export type Message = MessageEmpty \| RawMessage \| MessageService;/);
  assert.match(types, /export interface MessagesExportChatInviteRequest \{\n  _: 'messages.exportChatInvite';/);
  assert.match(types, /@see https:\/\/core\.telegram\.org\/method\/messages\.exportChatInvite/);
  assert.match(types, /Documented errors: 400 CHANNEL_INVALID/);
  assert.match(types, /@see https:\/\/core\.telegram\.org\/constructor\/chatInviteExported/);
  const mtTypes = first.files.get('mt/types.ts')!;
  assert.match(mtTypes, /export interface PQInnerDataDc \{/);
  assert.match(mtTypes, /export interface ServerDHInnerData \{/); // single constructor: one interface
});

test('types compile to the contract (type-level checks)', () => {
  expectTypeOf<ChatInviteExported['_']>().toEqualTypeOf<'chatInviteExported'>();
  expectTypeOf<ChatInviteExported['revoked']>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<ChatInviteExported['usageLimit']>().toEqualTypeOf<number | undefined>();
  expectTypeOf<ChatInviteExported['adminId']>().toEqualTypeOf<number>();
  expectTypeOf<ChatInviteExported>().toMatchTypeOf<ExportedChatInvite>();
  expectTypeOf<MessagesExportedChatInvite['_']>().toEqualTypeOf<'messages.exportedChatInvite' | 'messages.exportedChatInviteReplaced'>();
  expectTypeOf<User>().toEqualTypeOf<UserEmpty | RawUser>();
  expectTypeOf<Message>().toEqualTypeOf<MessageEmpty | RawMessage | MessageService>();
  expectTypeOf<RawUser['accessHash']>().toEqualTypeOf<bigint | undefined>();
  expectTypeOf<Methods['messages.exportChatInvite']['request']>().toEqualTypeOf<MessagesExportChatInviteRequest>();
  expectTypeOf<Methods['messages.exportChatInvite']['result']>().toEqualTypeOf<ExportedChatInvite>();
  expectTypeOf<ParamsOf<'messages.exportChatInvite'>['peer']>().toEqualTypeOf<InputPeer>();
  expectTypeOf<ResultOf<InvokeWithLayerRequest<MessagesGetChatsRequest>>>().toEqualTypeOf<MessagesChats>();
  expectTypeOf<ResultOf<MessagesGetChatsRequest>>().toEqualTypeOf<MessagesChats>();
  expectTypeOf<'FLOOD_WAIT'>().toMatchTypeOf<ErrorsOf<'messages.exportChatInvite'>>();
  expectTypeOf<'CHANNEL_INVALID'>().toMatchTypeOf<ErrorsOf<'messages.exportChatInvite'>>();
  expectTypeOf<mt.ResPQ['serverPublicKeyFingerprints']>().toEqualTypeOf<bigint[]>();
  expectTypeOf<mt.RpcResult['result']>().toEqualTypeOf<Uint8Array>(); // kept serialised: decoded with the request's reader
  expectTypeOf<e2e.DecryptedMessageLayer['_']>().toEqualTypeOf<'decryptedMessageLayer'>();
  expectTypeOf<Objects['user']>().toEqualTypeOf<RawUser>();
  assert.ok(true);
});
