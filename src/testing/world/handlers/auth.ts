/**
 * Sign-in as on Telegram's test DCs: phone numbers `99966XYYYY` live on DC X and sign in with the code `XXXXX`;
 * 2FA through SRP; QR login tokens; bot tokens; authorization transfer between DCs.
 */
import type { HandlerRegistry, RequestContext } from '../../context.js';
import type { Authorization, AuthAuthorization, PasswordKdfAlgo, Updates } from '../../../tl/index.js';
import { requireHuman, requireUser } from '../access.js';
import { failIfRevoked, forgetAuthorization, isBanned, recordAuthorization } from '../authorizations.js';
import { rpcFail } from '../errors.js';
import { randomBytesU8, randomLong, randomToken } from '../random.js';
import { createSrpChallenge, SRP_G, SRP_P, verifySrpAnswer } from '../srp.js';
import type { UserRecord } from '../types.js';
import { userView } from '../views/user.js';
import type { World, WorldCluster } from '../world.js';
import type { Result } from './common.js';

const TEST_PHONE = /^99966(\d)\d{4}$/;

/** Digits of a phone argument, or `PHONE_NUMBER_INVALID`. */
function normalisePhone(phone: string): string {
  const digits = phone.replace(/[\s()+-]/g, '');
  if (!/^\d{5,15}$/.test(digits)) rpcFail(400, 'PHONE_NUMBER_INVALID');
  return digits;
}

/** The DC a phone number belongs to: its account's home DC, else X of a test number, else this DC. */
function phoneDc(world: World, phone: string, thisDc: number): number {
  const user = world.userByPhone(phone);
  if (user) return world.dcExists(user.homeDc) ? user.homeDc : thisDc;
  const m = TEST_PHONE.exec(phone);
  const x = m ? Number(m[1]) : thisDc;
  return world.dcExists(x) ? x : thisDc;
}

function authorization(user: UserRecord): AuthAuthorization {
  return { _: 'auth.authorization', user: userView(user, user.id) };
}

/** Binds the caller's key to `user` and clears pending sign-in state. */
function bind(world: World, ctx: RequestContext, user: UserRecord, imported = false, parent?: bigint): AuthAuthorization {
  if (isBanned(world, user.id)) rpcFail(401, 'USER_DEACTIVATED_BAN');
  const key = world.key(ctx.authKeyId);
  delete key.passwordUserId;
  delete key.srp;
  key.imported = imported || user.homeDc !== ctx.dcId;
  ctx.setUserId(user.id);
  recordAuthorization(world, ctx, user.id, parent);
  return authorization(user);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The context extension a server may offer to reach a key that is not signed in. */
interface PushToKey {
  pushToAuthKey?: (authKeyId: bigint, updates: Updates) => void;
}

/** Installs the sign-in handlers. */
export function installAuth(registry: HandlerRegistry, world: World, cluster: WorldCluster): void {
  registry.handle('auth.sendCode', (req, ctx): Result<'auth.sendCode'> => {
    const phone = normalisePhone(req.phoneNumber);
    const dc = phoneDc(world, phone, ctx.dcId);
    if (dc !== ctx.dcId) rpcFail(303, `PHONE_MIGRATE_${dc}`);
    const owner = world.userByPhone(phone);
    if (owner && isBanned(world, owner.id)) rpcFail(400, 'PHONE_NUMBER_BANNED');
    for (const [hash, c] of world.codes) if (c.phone === phone) world.codes.delete(hash);
    const hash = randomToken(18);
    world.codes.set(hash, {
      phone,
      hash,
      code: String(ctx.dcId % 10).repeat(5),
      expires: ctx.now() + world.switches.codeLifetime,
      verified: false,
    });
    return {
      _: 'auth.sentCode',
      type: { _: 'auth.sentCodeTypeApp', length: 5 },
      phoneCodeHash: hash,
      timeout: world.switches.codeLifetime,
    };
  });

  /** The pending code of (phone, hash), or the documented errors. */
  const pendingCode = (ctx: RequestContext, phone: string, hash: string) => {
    if (hash === '') rpcFail(400, 'PHONE_CODE_HASH_EMPTY');
    const code = world.codes.get(hash);
    if (!code || code.phone !== phone) rpcFail(400, 'PHONE_CODE_EXPIRED');
    if (code.expires <= ctx.now()) {
      world.codes.delete(hash);
      rpcFail(400, 'PHONE_CODE_EXPIRED');
    }
    return code;
  };

  registry.handle('auth.signIn', (req, ctx): Result<'auth.signIn'> => {
    const phone = normalisePhone(req.phoneNumber);
    const dc = phoneDc(world, phone, ctx.dcId);
    if (dc !== ctx.dcId) rpcFail(303, `PHONE_MIGRATE_${dc}`);
    const code = pendingCode(ctx, phone, req.phoneCodeHash);
    if (req.phoneCode === undefined || req.phoneCode === '') rpcFail(400, 'PHONE_CODE_EMPTY');
    if (req.phoneCode !== code.code) rpcFail(400, 'PHONE_CODE_INVALID');
    const user = world.userByPhone(phone);
    if (!user) {
      code.verified = true;
      return { _: 'auth.authorizationSignUpRequired' };
    }
    world.codes.delete(code.hash);
    if (user.password) {
      const key = world.key(ctx.authKeyId);
      key.passwordUserId = user.id;
      delete key.srp;
      rpcFail(401, 'SESSION_PASSWORD_NEEDED');
    }
    return bind(world, ctx, user);
  });

  registry.handle('auth.signUp', (req, ctx): Result<'auth.signUp'> => {
    const phone = normalisePhone(req.phoneNumber);
    const code = pendingCode(ctx, phone, req.phoneCodeHash);
    if (!code.verified) rpcFail(400, 'PHONE_CODE_INVALID');
    if (world.userByPhone(phone)) rpcFail(400, 'PHONE_NUMBER_OCCUPIED');
    const firstName = req.firstName.trim();
    if (firstName === '' || firstName.length > 64) rpcFail(400, 'FIRSTNAME_INVALID');
    if (req.lastName.length > 64) rpcFail(400, 'LASTNAME_INVALID');
    world.codes.delete(code.hash);
    const user = world.seed.createUser({
      firstName,
      ...(req.lastName.trim() ? { lastName: req.lastName.trim() } : {}),
      phone,
      dc: ctx.dcId,
    });
    return bind(world, ctx, user);
  });

  registry.handle('account.getPassword', (_req, ctx): Result<'account.getPassword'> => {
    const key = world.key(ctx.authKeyId);
    const user = ctx.userId !== undefined ? requireUser(world, ctx) : world.users.get(key.passwordUserId ?? -1);
    if (!user) rpcFail(401, 'AUTH_KEY_UNREGISTERED');
    // new_algo: salt1 is a prefix the client extends with 32 random bytes when it sets a password.
    const newAlgo: PasswordKdfAlgo = {
      _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
      salt1: randomBytesU8(8),
      salt2: user.password?.salt2 ?? randomBytesU8(16),
      g: SRP_G,
      p: SRP_P,
    };
    const common = {
      _: 'account.password' as const,
      newSecureAlgo: { _: 'securePasswordKdfAlgoPBKDF2HMACSHA512iter100000' as const, salt: randomBytesU8(8) },
      secureRandom: randomBytesU8(256),
    };
    if (!user.password) {
      return { ...common, newAlgo };
    }
    const challenge = createSrpChallenge(user.password);
    key.srp = challenge;
    return {
      ...common,
      newAlgo,
      hasPassword: true,
      currentAlgo: {
        _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
        salt1: user.password.salt1,
        salt2: user.password.salt2,
        g: user.password.g,
        p: user.password.p,
      },
      srpB: challenge.srpB,
      srpId: challenge.srpId,
      ...(user.password.hint ? { hint: user.password.hint } : {}),
    };
  });

  registry.handle('auth.checkPassword', (req, ctx): Result<'auth.checkPassword'> => {
    if (req.password._ !== 'inputCheckPasswordSRP') rpcFail(400, 'PASSWORD_HASH_INVALID');
    const key = world.key(ctx.authKeyId);
    const user = world.users.get(key.passwordUserId ?? ctx.userId ?? -1);
    if (!user?.password) rpcFail(401, 'AUTH_KEY_UNREGISTERED');
    const challenge = key.srp;
    if (!challenge || challenge.srpId !== req.password.srpId) rpcFail(400, 'SRP_ID_INVALID');
    delete key.srp; // one answer per challenge
    if (!verifySrpAnswer(user.password, challenge, req.password)) rpcFail(400, 'PASSWORD_HASH_INVALID');
    return bind(world, ctx, user);
  });

  registry.handle('auth.logOut', (_req, ctx): Result<'auth.logOut'> => {
    failIfRevoked(world, ctx);
    if (ctx.userId === undefined) rpcFail(401, 'AUTH_KEY_UNREGISTERED');
    world.keys.delete(ctx.authKeyId);
    forgetAuthorization(world, ctx.authKeyId);
    ctx.setUserId(undefined);
    return { _: 'auth.loggedOut' };
  });

  registry.handle('auth.importBotAuthorization', (req, ctx): Result<'auth.importBotAuthorization'> => {
    const token = req.botAuthToken;
    let bot: UserRecord | undefined;
    if (/^\d+:[\w-]+$/.test(token)) {
      const candidate = world.users.get(Number(token.split(':')[0]));
      if (candidate?.bot && !candidate.deleted && candidate.botToken === token) bot = candidate;
    }
    if (!bot) rpcFail(400, 'ACCESS_TOKEN_INVALID');
    if (bot.homeDc !== ctx.dcId && world.dcExists(bot.homeDc)) rpcFail(303, `USER_MIGRATE_${bot.homeDc}`);
    return bind(world, ctx, bot);
  });

  // QR login (https://core.telegram.org/api/qr-login)
  const tokenResult = (ctx: RequestContext, tokenHex: string): Result<'auth.exportLoginToken'> => {
    const rec = world.loginTokens.get(tokenHex);
    if (!rec) rpcFail(400, 'AUTH_TOKEN_INVALID');
    if (rec.acceptedBy === undefined) {
      if (rec.expires <= ctx.now()) rpcFail(400, 'AUTH_TOKEN_EXPIRED');
      return { _: 'auth.loginToken', expires: rec.expires, token: rec.token };
    }
    const user = world.users.get(rec.acceptedBy);
    if (!user || user.deleted) rpcFail(400, 'AUTH_TOKEN_INVALID');
    if (user.homeDc !== ctx.dcId && world.dcExists(user.homeDc)) {
      return { _: 'auth.loginTokenMigrateTo', dcId: user.homeDc, token: rec.token };
    }
    world.loginTokens.delete(tokenHex);
    return { _: 'auth.loginTokenSuccess', authorization: bind(world, ctx, user) };
  };

  registry.handle('auth.exportLoginToken', (_req, ctx): Result<'auth.exportLoginToken'> => {
    for (const [tokenHex, rec] of world.loginTokens) {
      if (rec.authKeyId !== ctx.authKeyId) continue;
      if (rec.acceptedBy !== undefined) return tokenResult(ctx, tokenHex);
      world.loginTokens.delete(tokenHex);
    }
    const token = randomBytesU8(32);
    const expires = ctx.now() + world.switches.loginTokenLifetime;
    world.loginTokens.set(hex(token), { token, authKeyId: ctx.authKeyId, dcId: ctx.dcId, expires });
    return { _: 'auth.loginToken', expires, token };
  });

  registry.handle('auth.importLoginToken', (req, ctx): Result<'auth.importLoginToken'> => tokenResult(ctx, hex(req.token)));

  registry.handle('auth.acceptLoginToken', (req, ctx): Result<'auth.acceptLoginToken'> => {
    const user = requireHuman(world, ctx);
    const rec = world.loginTokens.get(hex(req.token));
    if (!rec) rpcFail(400, 'AUTH_TOKEN_INVALID');
    if (rec.expires <= ctx.now()) rpcFail(400, 'AUTH_TOKEN_EXPIRED');
    if (rec.acceptedBy !== undefined) rpcFail(400, 'AUTH_TOKEN_ALREADY_ACCEPTED');
    rec.acceptedBy = user.id;
    const update: Updates = { _: 'updateShort', update: { _: 'updateLoginToken' }, date: ctx.now() };
    const push = (ctx as RequestContext & PushToKey).pushToAuthKey ?? cluster.pushToAuthKey;
    push?.(rec.authKeyId, update);
    const now = ctx.now();
    const session: Authorization = {
      _: 'authorization',
      hash: randomLong(),
      deviceModel: 'tgts',
      platform: 'node',
      systemVersion: process.version,
      apiId: 0,
      appName: 'tgts',
      appVersion: '0.1.0',
      dateCreated: now,
      dateActive: now,
      ip: '127.0.0.1',
      country: 'Localhost',
      region: '',
    };
    return session;
  });

  registry.handle('auth.exportAuthorization', (req, ctx): Result<'auth.exportAuthorization'> => {
    const user = requireUser(world, ctx);
    if (req.dcId === ctx.dcId || !cluster.dcs().some((d) => d.id === req.dcId)) rpcFail(400, 'DC_ID_INVALID');
    const bytes = randomBytesU8(32);
    world.exportedAuths.push({ userId: user.id, dcId: req.dcId, bytes, expires: ctx.now() + 300, fromKey: ctx.authKeyId });
    return { _: 'auth.exportedAuthorization', id: BigInt(user.id), bytes };
  });

  registry.handle('auth.importAuthorization', (req, ctx): Result<'auth.importAuthorization'> => {
    const now = ctx.now();
    const index = world.exportedAuths.findIndex(
      (e) => BigInt(e.userId) === req.id && e.dcId === ctx.dcId && e.expires > now && hex(e.bytes) === hex(req.bytes),
    );
    const rec = world.exportedAuths[index];
    const user = rec ? world.users.get(rec.userId) : undefined;
    if (!rec || !user || user.deleted) rpcFail(400, 'AUTH_BYTES_INVALID');
    world.exportedAuths.splice(index, 1);
    return bind(world, ctx, user, true, rec.fromKey);
  });
}
