/**
 * Sign-in flows: bot token, phone + code (+ sign-up, + 2FA), QR login; status and log-out.
 *
 * @module
 */
import { computeSrpAnswer } from '../crypto/index.js';
import { toBase64Url } from '../encoding.js';
import type { AnyRequest, Methods, ResultOf } from '../tl/index.js';
import type { AccountUser } from './account.js';
import { BadArgumentError, LoggedOutError, RpcError, TgtsError } from './errors.js';
import type { InvokeOptions, Invoker } from './invoke/types.js';
type AuthAuthorization = Methods['auth.signIn']['result'];
type UserObject = Extract<Methods['users.getUsers']['result'][number], { _: 'user' }>;

/** Who the client is signed in as. */
export interface AuthStatus {
  authorized: boolean;
  /** Present when authorized. */
  user?: { id: number; bot: boolean; firstName?: string; username?: string };
}

/** Parameters of {@link ClientAuth.user}. */
export interface UserSignInParams {
  /** Phone number in international format. */
  phone: string;
  /** Asked for the code Telegram sent; called again after a wrong code. */
  code: () => Promise<string>;
  /** Asked for the 2FA password when the account has one; called again after a wrong password. */
  password?: () => Promise<string>;
  /** Used to create the account when the number is not registered yet. */
  firstName?: string;
  lastName?: string;
  /** How many wrong codes / passwords are tolerated before the error is thrown (default 3). */
  maxAttempts?: number;
}

/** Parameters of {@link ClientAuth.qr}. */
export interface QrSignInParams {
  /** Called with each `tg://login?token=…` URL to show as a QR code, and when it expires. */
  onToken: (url: string, expires: Date) => void;
  /** Gives up waiting. */
  signal?: AbortSignal;
}

/** Thrown when the flow cannot go on (e.g. a number needs sign-up but no name was given). */
export class AuthFlowError extends TgtsError {
  override name = 'AuthFlowError';
}

/** What the sign-in flows need from the client: an invoker and a say in the account record. */
export interface AuthHost {
  /** The client's invoker (the whole pipeline). */
  invoke: Invoker;
  apiId: number;
  apiHash: string;
  /** The signed-in account as stored (after the client started). */
  user(): Promise<AccountUser | undefined>;
  /** Records who is signed in. */
  setUser(user: AccountUser): Promise<void>;
  /** Moves the primary DC (QR login of an account that lives elsewhere). */
  setPrimaryDc(dcId: number): Promise<void>;
  /** Forgets the authorization after `auth.logOut` (keys, account; tells the listeners). */
  signedOut(): Promise<void>;
  /** Resolves on the first pushed update matching `match`; rejects when `signal` aborts. */
  waitForUpdate(match: (update: { _: string }) => boolean, signal?: AbortSignal): Promise<void>;
}

export class ClientAuth {
  constructor(private readonly host: AuthHost) {}

  private invoke<R extends AnyRequest>(request: R, options: InvokeOptions = {}): Promise<ResultOf<R>> {
    return this.host.invoke(request, options) as Promise<ResultOf<R>>;
  }

  private get app(): { apiId: number; apiHash: string } {
    return { apiId: this.host.apiId, apiHash: this.host.apiHash };
  }

  /** Signs in a bot with the token from @BotFather. */
  async bot(token: string): Promise<UserObject> {
    if (!/^\d+:[\w-]+$/.test(token)) throw new BadArgumentError('token', 'a bot token looks like 123456:AbC-dEf…');
    const result = await this.invoke({
      _: 'auth.importBotAuthorization',
      flags: 0,
      apiId: this.app.apiId,
      apiHash: this.app.apiHash,
      botAuthToken: token,
    });
    return this.finish(result);
  }

  /** Signs in (or up) a user account by phone, asking for the code and, with 2FA, the password. */
  async user(params: UserSignInParams): Promise<UserObject> {
    const maxAttempts = params.maxAttempts ?? 3;
    const sent = (await this.invoke({
      _: 'auth.sendCode',
      phoneNumber: params.phone,
      apiId: this.app.apiId,
      apiHash: this.app.apiHash,
      settings: { _: 'codeSettings' },
    })) as { _: string; phoneCodeHash?: string; authorization?: AuthAuthorization };
    if (sent._ === 'auth.sentCodeSuccess' && sent.authorization) return this.finish(sent.authorization);
    const phoneCodeHash = sent.phoneCodeHash;
    if (phoneCodeHash === undefined) throw new AuthFlowError(`unexpected answer to auth.sendCode: ${sent._}`);

    for (let attempt = 1; ; attempt++) {
      const code = await params.code();
      try {
        const result = await this.invoke({ _: 'auth.signIn', phoneNumber: params.phone, phoneCodeHash, phoneCode: code });
        if (result._ === 'auth.authorizationSignUpRequired') {
          if (!params.firstName) throw new AuthFlowError(`${params.phone} has no account yet: pass firstName to sign up`);
          const created = await this.invoke({
            _: 'auth.signUp',
            phoneNumber: params.phone,
            phoneCodeHash,
            firstName: params.firstName,
            lastName: params.lastName ?? '',
          });
          return this.finish(created);
        }
        return this.finish(result);
      } catch (err) {
        if (RpcError.is(err, 'SESSION_PASSWORD_NEEDED')) return this.password(params, maxAttempts);
        if (RpcError.is(err, 'PHONE_CODE_INVALID') && attempt < maxAttempts) continue;
        throw err;
      }
    }
  }

  private async password(params: UserSignInParams, maxAttempts: number): Promise<UserObject> {
    if (!params.password) throw new AuthFlowError('the account has two-step verification: pass a password callback');
    for (let attempt = 1; ; attempt++) {
      const info = await this.invoke({ _: 'account.getPassword' });
      const algo = info.currentAlgo;
      if (!algo || algo._ !== 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow') {
        throw new AuthFlowError(`unsupported password algorithm: ${algo?._ ?? 'none'}`);
      }
      if (!info.srpB || info.srpId === undefined) throw new AuthFlowError('account.password without srp_B / srp_id');
      const answer = await computeSrpAnswer(await params.password(), {
        salt1: algo.salt1,
        salt2: algo.salt2,
        g: algo.g,
        p: algo.p,
        srpB: info.srpB,
        srpId: info.srpId,
      });
      try {
        const result = await this.invoke({
          _: 'auth.checkPassword',
          password: { _: 'inputCheckPasswordSRP', srpId: answer.srpId, A: answer.A, M1: answer.M1 },
        });
        return this.finish(result);
      } catch (err) {
        if (RpcError.is(err, 'PASSWORD_HASH_INVALID') && attempt < maxAttempts) continue;
        throw err;
      }
    }
  }

  /** Signs in by QR code: shows tokens through `onToken` until another logged-in app accepts one. */
  async qr(params: QrSignInParams): Promise<UserObject> {
    for (let round = 0; round < 100; round++) {
      params.signal?.throwIfAborted();
      const token = await this.invoke({ _: 'auth.exportLoginToken', apiId: this.app.apiId, apiHash: this.app.apiHash, exceptIds: [] });
      if (token._ === 'auth.loginTokenSuccess') return this.finish(token.authorization);
      if (token._ === 'auth.loginTokenMigrateTo') {
        await this.host.setPrimaryDc(token.dcId);
        const imported = await this.invoke({ _: 'auth.importLoginToken', token: token.token });
        if (imported._ === 'auth.loginTokenSuccess') return this.finish(imported.authorization);
        continue;
      }
      const expires = new Date(token.expires * 1000);
      params.onToken(`tg://login?token=${toBase64Url(token.token)}`, expires);
      const wait = AbortSignal.any([
        ...(params.signal ? [params.signal] : []),
        AbortSignal.timeout(Math.max(1000, expires.getTime() - Date.now())),
      ]);
      try {
        await this.host.waitForUpdate((u) => u._ === 'updateLoginToken', wait);
      } catch (err) {
        if (params.signal?.aborted) throw err;
        // the token expired: show a fresh one
      }
    }
    throw new AuthFlowError('QR login gave up after 100 tokens');
  }

  /** Whether the client is signed in, and as whom. */
  async status(): Promise<AuthStatus> {
    try {
      const [me] = await this.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
      if (!me || me._ !== 'user') return { authorized: false };
      const user = { id: me.id, bot: me.bot === true, firstName: me.firstName, username: me.username };
      if ((await this.host.user())?.id !== me.id) await this.host.setUser({ id: me.id, bot: user.bot });
      return { authorized: true, user };
    } catch (err) {
      // a lost authorization (already cleared by the client) or a key that was never signed in
      if (err instanceof LoggedOutError || (err instanceof RpcError && err.code === 401)) return { authorized: false };
      throw err;
    }
  }

  /**
   * Logs out (`auth.logOut`), then forgets the account and the auth keys that carried the
   * authorization, and tells `client.onLoggedOut` listeners (reason `'logOut'`).
   */
  async logOut(): Promise<void> {
    try {
      await this.invoke({ _: 'auth.logOut' });
    } finally {
      await this.host.signedOut();
    }
  }

  private async finish(result: AuthAuthorization): Promise<UserObject> {
    if (result._ !== 'auth.authorization') throw new AuthFlowError('sign-up required; use client.auth.user with firstName');
    const user = result.user;
    if (user._ !== 'user') throw new AuthFlowError('signed in, but the server returned an empty user');
    await this.host.setUser({ id: user.id, bot: user.bot === true });
    return user;
  }
}
