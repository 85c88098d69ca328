/**
 * The interop scenario every foreign client runs against a `TestServer`: two users sign up (each
 * client did the full key exchange with the server's RSA key registered in it), the first creates
 * a channel, exports an invite with usageLimit/title/expireDate, is refused a usage limit of
 * 100000 (`USAGE_LIMIT_INVALID`), the second checks and imports the link and is refused exporting
 * one (`CHAT_ADMIN_REQUIRED`). Each library plugs in through {@link PeerLibrary}: how to call a
 * method, how to build a nested input object, how to read a result's type and an error's type.
 */
import assert from 'node:assert/strict';

/** A TL object as a foreign library returns it (camelCase fields). */
export type Tl = { [field: string]: unknown };

/** One connected client of a foreign library. */
export interface PeerClient {
  /** Calls `method` (TL name, e.g. `auth.sendCode`) with camelCase `params`. */
  call(method: string, params: Record<string, unknown>): Promise<Tl>;
  /** A nested input object of TL constructor `name` (e.g. `inputPeerChannel`). */
  input(name: string, fields: Record<string, unknown>): unknown;
  /** The TL constructor name of a result object (`auth.sentCode`, `chatInviteExported`). */
  typeOf(obj: unknown): string;
  /** The error type of a failed call (`USAGE_LIMIT_INVALID`), undefined when it is no RPC error. */
  errorType(err: unknown): string | undefined;
  close(): Promise<void>;
}

/** Longest a single call may take before the scenario fails (a hang is a failure, never a wait). */
const CALL_TIMEOUT_MS = 30_000;

/** `p`, or a rejection naming `what` once {@link CALL_TIMEOUT_MS} pass. */
export function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function call(c: PeerClient, method: string, params: Record<string, unknown>): Promise<Tl> {
  return within(method, c.call(method, params));
}

async function rejects(c: PeerClient, method: string, params: Record<string, unknown>, type: string): Promise<void> {
  let failure: unknown;
  try {
    await call(c, method, params);
  } catch (err) {
    failure = err;
  }
  assert.ok(failure !== undefined, `${method} should fail with ${type}`);
  assert.equal(c.errorType(failure), type, `${method}: ${String(failure)}`);
}

/** Signs `c` up as a new account on test phone `phone` (test DC 2 numbers sign in with 22222). */
async function signUp(c: PeerClient, phone: string, firstName: string): Promise<Tl> {
  const sent = await call(c, 'auth.sendCode', { phoneNumber: phone, apiId: 1, apiHash: 'interop', settings: c.input('codeSettings', {}) });
  assert.equal(c.typeOf(sent), 'auth.sentCode');
  const hash = sent['phoneCodeHash'] as string;
  const first = await call(c, 'auth.signIn', { phoneNumber: phone, phoneCodeHash: hash, phoneCode: '22222' });
  assert.equal(c.typeOf(first), 'auth.authorizationSignUpRequired');
  const auth = await call(c, 'auth.signUp', { phoneNumber: phone, phoneCodeHash: hash, firstName, lastName: '' });
  assert.equal(c.typeOf(auth), 'auth.authorization');
  const user = auth['user'] as Tl;
  assert.equal(c.typeOf(user), 'user');
  assert.equal(user['firstName'], firstName);
  return user;
}

/** The channel in an Updates result. */
function channelOf(c: PeerClient, updates: Tl): Tl {
  const chats = (updates['chats'] as Tl[] | undefined) ?? [];
  const channel = chats.find((x) => c.typeOf(x) === 'channel');
  assert.ok(channel, `no channel in ${c.typeOf(updates)}`);
  return channel;
}

/**
 * Runs the scenario with two fresh clients from `connect` (each runs its own key exchange).
 * `phones` are two unused test numbers of DC 2 (`99966 2 XXXX`).
 */
export async function runInviteScenario(connect: () => Promise<PeerClient>, phones: [string, string], now: () => number): Promise<void> {
  const alice = await within('alice connects (key exchange)', connect());
  let bob: PeerClient | undefined;
  try {
    await signUp(alice, phones[0], 'Alice');
    const created = await call(alice, 'channels.createChannel', { title: 'Interop', about: 'foreign clients', broadcast: true });
    const channel = channelOf(alice, created);
    const peer = alice.input('inputPeerChannel', { channelId: channel['id'], accessHash: channel['accessHash'] });

    const expireDate = now() + 86_400;
    const invite = await call(alice, 'messages.exportChatInvite', { peer, usageLimit: 10, title: 'interop link', expireDate });
    assert.equal(alice.typeOf(invite), 'chatInviteExported');
    assert.equal(invite['usageLimit'], 10);
    assert.equal(invite['title'], 'interop link');
    assert.equal(invite['expireDate'], expireDate);
    const link = invite['link'] as string;
    assert.match(link, /^https:\/\/t\.me\/\+[\w-]+$/);
    const hash = link.slice('https://t.me/+'.length);
    await rejects(alice, 'messages.exportChatInvite', { peer, usageLimit: 100_000 }, 'USAGE_LIMIT_INVALID');

    bob = await within('bob connects (key exchange)', connect());
    await signUp(bob, phones[1], 'Bob');
    const check = await call(bob, 'messages.checkChatInvite', { hash });
    assert.equal(bob.typeOf(check), 'chatInvite');
    assert.equal(check['title'], 'Interop');
    const joined = await call(bob, 'messages.importChatInvite', { hash });
    assert.equal(bob.typeOf(joined), 'messages.chatInviteJoinResultOk');
    const bobsChannel = channelOf(bob, joined['updates'] as Tl);
    assert.equal(String(bobsChannel['id']), String(channel['id']));
    const bobsPeer = bob.input('inputPeerChannel', { channelId: bobsChannel['id'], accessHash: bobsChannel['accessHash'] });
    await rejects(bob, 'messages.exportChatInvite', { peer: bobsPeer }, 'CHAT_ADMIN_REQUIRED');
  } finally {
    await Promise.allSettled([alice.close(), bob?.close()]);
  }
}

/** Unused test phone numbers of DC 2, two per scenario. */
export function phonesFor(index: number): [string, string] {
  const base = 7000 + index * 2;
  return [`999662${base}`, `999662${base + 1}`];
}
