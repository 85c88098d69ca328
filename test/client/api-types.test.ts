/** `client.api` typing (generated `Api` interface) and the Proxy that builds request objects. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import { createApi } from '../../src/client/api.js';
import type { Api } from '../../src/client/api.js';
import type { InvokeOptions } from '../../src/client/middleware/index.js';
import type { ApiCallOptions } from '../../src/tl/generated/api/client-api.js';
import type { AnyRequest, Config, ExportedChatInvite, MessagesChats, ParamsOf, User } from '../../src/tl/index.js';

test('types: params, results, optional params, wrong params', () => {
  type ExportChatInvite = Api['messages']['exportChatInvite'];
  expectTypeOf<Parameters<ExportChatInvite>[0]>().toEqualTypeOf<ParamsOf<'messages.exportChatInvite'>>();
  expectTypeOf<ReturnType<ExportChatInvite>>().toEqualTypeOf<Promise<ExportedChatInvite>>();
  expectTypeOf<Parameters<ExportChatInvite>[1]>().toEqualTypeOf<InvokeOptions | undefined>();
  expectTypeOf<ReturnType<Api['help']['getConfig']>>().toEqualTypeOf<Promise<Config>>();
  expectTypeOf<ReturnType<Api['users']['getUsers']>>().toEqualTypeOf<Promise<User[]>>();
  // The client's options type satisfies the generated default, so Api<ApiCallOptions> users are not locked out.
  expectTypeOf<InvokeOptions>().toMatchTypeOf<ApiCallOptions>();

  // Compile-time only: never called.
  const probe = (api: Api) => {
    void api.help.getConfig();
    void api.help.getConfig({}, { timeout: 1000 });
    void api.messages.exportChatInvite({ peer: { _: 'inputPeerSelf' }, usageLimit: 10 });
    // @ts-expect-error peer is required
    void api.messages.exportChatInvite({ usageLimit: 10 });
    // @ts-expect-error unknown parameter
    void api.messages.exportChatInvite({ peer: { _: 'inputPeerSelf' }, usage_limit: 10 });
    // @ts-expect-error wrong parameter type
    void api.messages.exportChatInvite({ peer: { _: 'inputPeerSelf' }, usageLimit: '10' });
    // @ts-expect-error params are required
    void api.messages.exportChatInvite();
    // @ts-expect-error no such method
    void api.messages.exportChatInvitation({ peer: { _: 'inputPeerSelf' } });
    // @ts-expect-error unknown call option
    void api.help.getConfig({}, { retries: 3 });
    // Wrappers resolve with the result of their query.
    const chats = api.invokeWithLayer({ layer: 228, query: { _: 'messages.getChats', id: [1] } });
    expectTypeOf(chats).toEqualTypeOf<Promise<MessagesChats>>();
  };
  void probe;
});

test('runtime: property paths become request objects, options pass through', async () => {
  const sent: { request: AnyRequest; options: InvokeOptions | undefined }[] = [];
  const api = createApi(async (request, options) => {
    sent.push({ request, options });
    return { ok: request._ };
  });
  const signal = new AbortController().signal;
  const r = await api.messages.exportChatInvite({ peer: { _: 'inputPeerSelf' }, usageLimit: 3 }, { signal, dcId: 2 });
  assert.deepEqual(r as unknown, { ok: 'messages.exportChatInvite' });
  await api.help.getConfig();
  await api.invokeWithLayer({ layer: 228, query: { _: 'help.getConfig' } });
  assert.deepEqual(sent[0].request, { _: 'messages.exportChatInvite', peer: { _: 'inputPeerSelf' }, usageLimit: 3 });
  assert.equal(sent[0].options?.signal, signal);
  assert.equal(sent[0].options?.dcId, 2);
  assert.deepEqual(sent[1].request, { _: 'help.getConfig' });
  assert.deepEqual(sent[2].request, { _: 'invokeWithLayer', layer: 228, query: { _: 'help.getConfig' } });
  // The method name wins over a stray `_` in params; the same function object is reused.
  await api.help.getConfig({ _: 'evil' } as unknown as ParamsOf<'help.getConfig'>);
  assert.equal(sent[3].request._, 'help.getConfig');
  assert.equal(api.messages.getChats, api.messages.getChats);
  // Not thenable, so `await api` / `await api.messages` do not call anything.
  assert.equal((api as unknown as { then?: unknown }).then, undefined);
  assert.equal((api.messages as unknown as { then?: unknown }).then, undefined);
  assert.equal(sent.length, 4);
});
