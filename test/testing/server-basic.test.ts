import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TestServer } from '../../src/testing/index.js';
import { RpcError } from '../../src/errors.js';
import { RawClient, initWrap } from './server-raw-client.js';

const nearest = { _: 'nearestDc', country: 'NL', thisDc: 2, nearestDc: 2 } as const;

describe('TestServer basics', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ installWorld: false });
    server.handle('help.getNearestDc', () => nearest);
    server.handle('help.getCountriesList', () => {
      throw new RpcError(400, 'LANG_CODE_INVALID');
    });
    server.handle('help.getAppConfig', () => {
      throw new Error('boom');
    });
  });
  after(async () => {
    await server.close();
  });

  it('creates a key and answers the first RPC over TCP', async () => {
    const c = await RawClient.connect({ ...server.address, dcId: 2, publicKeys: server.clientOptions().rsaPublicKeys });
    try {
      const result = await c.invoke(initWrap({ _: 'help.getNearestDc' }), 'help.getNearestDc');
      assert.deepEqual(result, nearest);
      const created = await c.waitFor((m) => m.obj?._ === 'new_session_created');
      assert.equal(created.msgId % 4n, 3n);
      assert.equal(server.stats.authKeys, 1);
    } finally {
      c.close();
    }
  });

  it('unknown method → 400 METHOD_INVALID; RpcError → rpc_error; crash → 500 INTERNAL', async () => {
    const c = await RawClient.connect({ ...server.address, dcId: 2, publicKeys: server.clientOptions().rsaPublicKeys });
    try {
      await assert.rejects(c.invoke({ _: 'help.getSupport' }), (e: unknown) => e instanceof RpcError && e.code === 400 && e.message === 'METHOD_INVALID');
      await assert.rejects(
        c.invoke({ _: 'help.getCountriesList', langCode: 'en', hash: 0 }),
        (e: unknown) => e instanceof RpcError && e.code === 400 && e.message === 'LANG_CODE_INVALID',
      );
      const origError = console.error;
      console.error = () => {};
      try {
        await assert.rejects(c.invoke({ _: 'help.getAppConfig', hash: 0 }), (e: unknown) => e instanceof RpcError && e.code === 500 && e.message === 'INTERNAL');
      } finally {
        console.error = origError;
      }
    } finally {
      c.close();
    }
  });
});
