// Sign-in on the simulated test DCs: bots, phone codes, sign-up, migration, 2FA (SRP), QR login, DC transfer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSrpAnswer } from '../../src/crypto/index.js';
import { WorldHarness } from '../../src/testing/world/harness.js';
import type { Updates } from '../../src/tl/index.js';

const err = (message: string, code = 400) => ({ code, message });
const settings = { _: 'codeSettings' as const };
const app = { apiId: 1, apiHash: 'x' };

test('bot sign-in with the world-issued token; wrong token → ACCESS_TOKEN_INVALID; other DC → USER_MIGRATE', async () => {
  const h = new WorldHarness();
  const bot = h.world.seed.createUser({ firstName: 'Bot', bot: true, username: 'test_bot' });
  assert.match(bot.botToken!, new RegExp(`^${bot.id}:[\\w-]+$`));
  const key = { authKeyId: 77n };
  await assert.rejects(h.call('updates.getState', {}, key), err('AUTH_KEY_UNREGISTERED', 401));
  await assert.rejects(h.call('auth.importBotAuthorization', { flags: 0, ...app, botAuthToken: `${bot.id}:wrong` }, key), err('ACCESS_TOKEN_INVALID'));
  await assert.rejects(h.call('auth.importBotAuthorization', { flags: 0, ...app, botAuthToken: 'garbage' }, key), err('ACCESS_TOKEN_INVALID'));
  await assert.rejects(h.call('auth.importBotAuthorization', { flags: 0, ...app, botAuthToken: bot.botToken! }, { ...key, dc: 1 }), err('USER_MIGRATE_2', 303));
  const auth = await h.call('auth.importBotAuthorization', { flags: 0, ...app, botAuthToken: bot.botToken! }, key);
  assert.ok(auth._ === 'auth.authorization' && auth.user._ === 'user' && auth.user.self === true && auth.user.bot === true);
  assert.equal(h.bindings.get(77n), bot.id);
  const state = await h.call('updates.getState', {}, key);
  assert.equal(state.pts, 1);
  // on another DC the key is not the account's home → USER_MIGRATE_2
  h.bindings.set(78n, bot.id);
  await assert.rejects(h.call('updates.getState', {}, { authKeyId: 78n, dc: 3 }), err('USER_MIGRATE_2', 303));
});

test('phone sign-up then sign-in with code XXXXX; wrong code; bad hashes; PHONE_MIGRATE for another DC number', async () => {
  const h = new WorldHarness();
  const key = { authKeyId: 5n };
  const phone = '9996621234';
  await assert.rejects(h.call('auth.sendCode', { phoneNumber: '9996611234', ...app, settings }, key), err('PHONE_MIGRATE_1', 303));
  await assert.rejects(h.call('auth.sendCode', { phoneNumber: 'abc', ...app, settings }, key), err('PHONE_NUMBER_INVALID'));
  const sent = await h.call('auth.sendCode', { phoneNumber: phone, ...app, settings }, key);
  assert.ok(sent._ === 'auth.sentCode' && sent.type._ === 'auth.sentCodeTypeApp');
  if (sent._ !== 'auth.sentCode') return;
  const hash = sent.phoneCodeHash;
  await assert.rejects(h.call('auth.signIn', { phoneNumber: phone, phoneCodeHash: '', phoneCode: '22222' }, key), err('PHONE_CODE_HASH_EMPTY'));
  await assert.rejects(h.call('auth.signIn', { phoneNumber: phone, phoneCodeHash: 'nope', phoneCode: '22222' }, key), err('PHONE_CODE_EXPIRED'));
  await assert.rejects(h.call('auth.signIn', { phoneNumber: phone, phoneCodeHash: hash, phoneCode: '12345' }, key), err('PHONE_CODE_INVALID'));
  const r = await h.call('auth.signIn', { phoneNumber: phone, phoneCodeHash: hash, phoneCode: '22222' }, key);
  assert.equal(r._, 'auth.authorizationSignUpRequired');
  await assert.rejects(h.call('auth.signUp', { phoneNumber: phone, phoneCodeHash: hash, firstName: ' ', lastName: '' }, key), err('FIRSTNAME_INVALID'));
  const up = await h.call('auth.signUp', { phoneNumber: phone, phoneCodeHash: hash, firstName: 'New', lastName: 'User' }, key);
  assert.ok(up._ === 'auth.authorization' && up.user._ === 'user');
  const user = h.world.userByPhone(phone)!;
  assert.equal(user.homeDc, 2);
  assert.equal(h.bindings.get(5n), user.id);
  // sign in again from a new key
  const key2 = { authKeyId: 6n };
  const sent2 = await h.call('auth.sendCode', { phoneNumber: `+${phone}`, ...app, settings }, key2);
  assert.ok(sent2._ === 'auth.sentCode');
  if (sent2._ !== 'auth.sentCode') return;
  const r2 = await h.call('auth.signIn', { phoneNumber: phone, phoneCodeHash: sent2.phoneCodeHash, phoneCode: '22222' }, key2);
  assert.ok(r2._ === 'auth.authorization' && r2.user.id === user.id);
  // expired code
  const sent3 = await h.call('auth.sendCode', { phoneNumber: phone, ...app, settings }, key2);
  h.time += 301;
  if (sent3._ === 'auth.sentCode') {
    await assert.rejects(h.call('auth.signIn', { phoneNumber: phone, phoneCodeHash: sent3.phoneCodeHash, phoneCode: '22222' }, key2), err('PHONE_CODE_EXPIRED'));
  }
  assert.deepEqual(await h.call('auth.logOut', {}, key2), { _: 'auth.loggedOut' });
  assert.equal(h.bindings.has(6n), false);
});

test('2FA: SESSION_PASSWORD_NEEDED, getPassword SRP params, wrong password, real SRP answer signs in', async () => {
  const h = new WorldHarness();
  const user = h.world.seed.createUser({ firstName: 'Secure', phone: '9996627777', password: 'hunter2' });
  const key = { authKeyId: 9n };
  const sent = await h.call('auth.sendCode', { phoneNumber: user.phone!, ...app, settings }, key);
  assert.ok(sent._ === 'auth.sentCode');
  if (sent._ !== 'auth.sentCode') return;
  await assert.rejects(h.call('auth.signIn', { phoneNumber: user.phone!, phoneCodeHash: sent.phoneCodeHash, phoneCode: '22222' }, key), err('SESSION_PASSWORD_NEEDED', 401));
  assert.equal(h.bindings.has(9n), false);
  const answerFor = async (password: string) => {
    const pw = await h.call('account.getPassword', {}, key);
    assert.equal(pw.hasPassword, true);
    const algo = pw.currentAlgo!;
    assert.equal(algo._, 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow');
    if (algo._ !== 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow') throw new Error('algo');
    const ans = await computeSrpAnswer(password, { salt1: algo.salt1, salt2: algo.salt2, g: algo.g, p: algo.p, srpB: pw.srpB!, srpId: pw.srpId! });
    return { _: 'inputCheckPasswordSRP' as const, srpId: ans.srpId, A: ans.A, M1: ans.M1 };
  };
  await assert.rejects(h.call('auth.checkPassword', { password: await answerFor('wrong') }, key), err('PASSWORD_HASH_INVALID'));
  await assert.rejects(h.call('auth.checkPassword', { password: { _: 'inputCheckPasswordEmpty' } }, key), err('PASSWORD_HASH_INVALID'));
  const stale = await answerFor('hunter2');
  await h.call('account.getPassword', {}, key); // a new challenge replaces the old srp_id
  await assert.rejects(h.call('auth.checkPassword', { password: stale }, key), err('SRP_ID_INVALID'));
  const ok = await h.call('auth.checkPassword', { password: await answerFor('hunter2') }, key);
  assert.ok(ok._ === 'auth.authorization' && ok.user.id === user.id);
  assert.equal(h.bindings.get(9n), user.id);
});

test('QR login: token, updateLoginToken pushed to the waiting key, migrate to the home DC, success', async () => {
  const h = new WorldHarness();
  const phoneUser = h.world.seed.createUser({ firstName: 'Phone', phone: '9996631111' }); // lives on DC 3
  const waiting = { authKeyId: 100n, dc: 2 };
  const t = await h.call('auth.exportLoginToken', { ...app, exceptIds: [] }, waiting);
  assert.ok(t._ === 'auth.loginToken' && t.token.length === 32 && t.expires === h.time + 30);
  if (t._ !== 'auth.loginToken') return;
  // not accepted yet: importing just returns the token
  const pending = await h.call('auth.importLoginToken', { token: t.token }, waiting);
  assert.equal(pending._, 'auth.loginToken');
  await assert.rejects(h.call('auth.acceptLoginToken', { token: new Uint8Array(32) }, { as: phoneUser }), err('AUTH_TOKEN_INVALID'));
  const session = await h.call('auth.acceptLoginToken', { token: t.token }, { as: phoneUser });
  assert.equal(session._, 'authorization');
  const pushed = h.pushed.find((p) => p.authKeyId === 100n);
  assert.deepEqual(pushed?.updates, { _: 'updateShort', update: { _: 'updateLoginToken' }, date: h.time } satisfies Updates);
  await assert.rejects(h.call('auth.acceptLoginToken', { token: t.token }, { as: phoneUser }), err('AUTH_TOKEN_ALREADY_ACCEPTED'));
  const again = await h.call('auth.exportLoginToken', { ...app, exceptIds: [] }, waiting);
  assert.ok(again._ === 'auth.loginTokenMigrateTo' && again.dcId === 3);
  if (again._ !== 'auth.loginTokenMigrateTo') return;
  const done = await h.call('auth.importLoginToken', { token: again.token }, { authKeyId: 101n, dc: 3 });
  assert.ok(done._ === 'auth.loginTokenSuccess' && done.authorization._ === 'auth.authorization');
  assert.equal(h.bindings.get(101n), phoneUser.id);
  await assert.rejects(h.call('auth.importLoginToken', { token: again.token }, { authKeyId: 102n, dc: 3 }), err('AUTH_TOKEN_INVALID'));
  // an unaccepted token expires
  const t2 = await h.call('auth.exportLoginToken', { ...app, exceptIds: [] }, { authKeyId: 103n });
  h.time += 31;
  if (t2._ === 'auth.loginToken') await assert.rejects(h.call('auth.importLoginToken', { token: t2.token }, { authKeyId: 103n }), err('AUTH_TOKEN_EXPIRED'));
});

test('export/import authorization moves a session to another DC without USER_MIGRATE', async () => {
  const h = new WorldHarness();
  const user = h.world.seed.createUser({ firstName: 'Trav' });
  await assert.rejects(h.call('auth.exportAuthorization', { dcId: 9 }, { as: user }), err('DC_ID_INVALID'));
  const ex = await h.call('auth.exportAuthorization', { dcId: 1 }, { as: user });
  assert.equal(ex.id, BigInt(user.id));
  await assert.rejects(h.call('auth.importAuthorization', { id: ex.id, bytes: new Uint8Array(32) }, { authKeyId: 500n, dc: 1 }), err('AUTH_BYTES_INVALID'));
  await assert.rejects(h.call('auth.importAuthorization', { id: ex.id, bytes: ex.bytes }, { authKeyId: 500n, dc: 3 }), err('AUTH_BYTES_INVALID'));
  const imp = await h.call('auth.importAuthorization', { id: ex.id, bytes: ex.bytes }, { authKeyId: 500n, dc: 1 });
  assert.ok(imp._ === 'auth.authorization' && imp.user.id === user.id);
  const state = await h.call('updates.getState', {}, { authKeyId: 500n, dc: 1 });
  assert.equal(state._, 'updates.state');
  await assert.rejects(h.call('auth.importAuthorization', { id: ex.id, bytes: ex.bytes }, { authKeyId: 501n, dc: 1 }), err('AUTH_BYTES_INVALID'), 'one-shot');
});
