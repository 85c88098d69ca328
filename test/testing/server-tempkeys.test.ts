import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RpcError } from '../../src/errors.js';
import { authKeyIdOf, createAuthKey, encryptBindMessage } from '../../src/exchange/index.js';
import { TestServer } from '../../src/testing/index.js';
import { connect } from '../../src/transport/index.js';
import { RawClient, rawClientFor } from './server-raw-client.js';

describe('temporary keys (auth.bindTempAuthKey)', () => {
  let server: TestServer;
  before(async () => {
    server = await TestServer.start({ installWorld: false, wsPort: false });
    server.handle('help.getSupportName', (_r, ctx) => {
      ctx.setUserId(11);
      return { _: 'help.supportName' as const, name: 'x' };
    });
    server.handle('help.getNearestDc', (_r, ctx) => ({ _: 'nearestDc' as const, country: 'NL', thisDc: 2, nearestDc: ctx.userId ?? 0 }));
  });
  after(async () => {
    await server.close();
  });

  it('binds a temp key to a perm key; the temp key then acts as the perm key’s user', async () => {
    const perm = await rawClientFor(server);
    await perm.invoke({ _: 'help.getSupportName' });
    const co = server.clientOptions();
    const conn = await connect({ type: 'tcp', codec: 'intermediate', obfuscated: false, host: co.host, port: co.port, dcId: 2 });
    const expiresIn = 600;
    const temp = await createAuthKey(conn, { publicKeys: co.rsaPublicKeys, dcId: 2, tempExpiresIn: expiresIn });
    conn.close();
    const t = await RawClient.connect({ host: co.host, port: co.port, dcId: 2, authKey: temp.authKey, salt: temp.serverSalt });
    try {
      assert.deepEqual(await t.invoke({ _: 'help.getNearestDc' }), { _: 'nearestDc' as const, country: 'NL', thisDc: 2, nearestDc: 0 });
      const msgId = t.ids.next();
      const nonce = 12345n;
      const expiresAt = Math.floor(Date.now() / 1000) + expiresIn;
      const permAuthKeyId = authKeyIdOf(perm.authKey);
      const encryptedMessage = encryptBindMessage({
        permAuthKey: perm.authKey,
        permAuthKeyId,
        tempAuthKeyId: authKeyIdOf(temp.authKey),
        tempSessionId: t.sessionId,
        expiresAt,
        nonce,
        msgId,
      });
      t.sendBody(RawClient.encode({ _: 'auth.bindTempAuthKey', permAuthKeyId, nonce, expiresAt, encryptedMessage }), { msgId });
      const res = await t.result(msgId);
      assert.equal(new DataView(res.rpc!.result.buffer, res.rpc!.result.byteOffset).getUint32(0, true), 0x997275b5, 'boolTrue');
      assert.deepEqual(await t.invoke({ _: 'help.getNearestDc' }), { _: 'nearestDc' as const, country: 'NL', thisDc: 2, nearestDc: 11 });

      // a tampered bind message is refused
      await assert.rejects(
        t.invoke({ _: 'auth.bindTempAuthKey', permAuthKeyId, nonce, expiresAt, encryptedMessage }),
        (e: unknown) => e instanceof RpcError && e.message === 'ENCRYPTED_MESSAGE_INVALID',
      );
      // a permanent key cannot be bound
      await assert.rejects(
        perm.invoke({ _: 'auth.bindTempAuthKey', permAuthKeyId, nonce, expiresAt, encryptedMessage }),
        (e: unknown) => e instanceof RpcError && e.message === 'TEMP_AUTH_KEY_EMPTY',
      );
    } finally {
      t.close();
      perm.close();
    }
  });
});
