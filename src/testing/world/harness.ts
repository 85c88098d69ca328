/**
 * Calling world handlers without a server: an in-memory registry and a fake `RequestContext`.
 * Used by the world's unit tests; handy for any test that wants Telegram behaviour without sockets.
 */
import type { HandlerRegistry, MethodHandler, RequestContext } from '../context.js';
import type { MethodName, Methods, Updates } from '../../tl/index.js';
import { BadArgumentError } from '../../errors.js';
import { encode } from '../../tl/index.js';
import type { TlObject } from '../../tl/index.js';
import { installWorld } from './install.js';
import type { UserRecord } from './types.js';
import { createWorld, type World, type WorldCluster, type WorldOptions } from './world.js';

/** One `pushUpdates` (or `pushToAuthKey`) call seen by the harness. */
export interface PushedUpdates {
  userId?: number;
  authKeyId?: bigint;
  updates: Updates;
  excludeCaller: boolean;
}

/** Who is calling. */
export interface CallOptions {
  /** Caller account: its key is bound to it (auth key id = user id, unless `authKeyId` is given). */
  as?: UserRecord | number;
  /** Auth key of the call (unbound unless bound earlier by a sign-in or by `as`). */
  authKeyId?: bigint;
  /** DC receiving the call (default: the harness's DC). */
  dc?: number;
  /** TCP harness only: which client (MTProto session) of the account calls, default 0. */
  session?: number;
}

type Request<M extends MethodName> = Omit<Methods[M]['request'], '_'>;

/**
 * What spec tests use of a harness: the in-memory {@link WorldHarness} and the TCP one
 * (`TcpWorldHarness`) both provide it.
 */
export interface WorldCaller {
  readonly world: World;
  /** World clock in seconds. */
  time: number;
  /** Every update push, in order. */
  readonly pushed: PushedUpdates[];
  /** Calls `method` as `opts.as`; resolves with its result or rejects with its `RpcError`. */
  call<M extends MethodName>(method: M, request: Request<M>, opts?: CallOptions): Promise<Methods[M]['result']>;
  /** Updates pushed to `userId` so far. */
  pushedTo(userId: number): Updates[];
}

/** A world with its handlers installed on an in-memory registry. */
export class WorldHarness implements HandlerRegistry, WorldCaller {
  readonly world: World;
  /** Clock in seconds; tests move it forward to expire links and codes. */
  time = 1_700_000_000;
  /** Every update delivery, in order. */
  readonly pushed: PushedUpdates[] = [];
  /** auth key id → bound user id. */
  readonly bindings = new Map<bigint, number>();
  readonly dcId: number;
  private readonly handlers = new Map<string, MethodHandler<MethodName>>();

  constructor(options: WorldOptions & { dcId?: number; dcs?: number[] } = {}) {
    this.dcId = options.dcId ?? 2;
    this.world = createWorld({ now: () => this.time, defaultDc: this.dcId, ...options });
    const dcs = options.dcs ?? [1, 2, 3];
    const cluster: WorldCluster = {
      dcs: () => dcs.map((id) => ({ id, host: '127.0.0.1', port: 10440 + id })),
      thisDc: this.dcId,
      pushToAuthKey: (authKeyId, updates) => this.pushed.push({ authKeyId, updates, excludeCaller: false }),
    };
    installWorld(this, this.world, cluster);
  }

  handle<M extends MethodName>(method: M, handler: MethodHandler<M>): void {
    this.handlers.set(method, handler as unknown as MethodHandler<MethodName>);
  }

  /** The fake context of a call. */
  context(opts: CallOptions = {}): RequestContext {
    const asId = opts.as === undefined ? undefined : typeof opts.as === 'number' ? opts.as : opts.as.id;
    const authKeyId = opts.authKeyId ?? (asId !== undefined ? BigInt(asId) : 0n);
    if (asId !== undefined) this.bindings.set(authKeyId, asId);
    const dcId = opts.dc ?? (asId !== undefined ? (this.world.users.get(asId)?.homeDc ?? this.dcId) : this.dcId);
    return {
      dcId,
      layer: 228,
      authKeyId,
      sessionId: authKeyId,
      userId: this.bindings.get(authKeyId),
      setUserId: (userId) => {
        if (userId === undefined) this.bindings.delete(authKeyId);
        else this.bindings.set(authKeyId, userId);
      },
      pushUpdates: (userId, updates, options) => {
        checkEncodes(updates);
        this.pushed.push({ userId, updates, excludeCaller: options?.excludeCaller ?? false });
      },
      now: () => this.time,
    };
  }

  /** Calls a handler as `opts` says; resolves with its result or rejects with its `RpcError`. */
  async call<M extends MethodName>(method: M, request: Request<M>, opts: CallOptions = {}): Promise<Methods[M]['result']> {
    const handler = this.handlers.get(method);
    if (!handler) throw new BadArgumentError('method', `no world handler for ${method}`);
    const req = { _: method, ...request } as unknown as Methods[MethodName]['request'];
    const result = (await handler(req, this.context(opts))) as Methods[M]['result'];
    checkEncodes(result);
    return result;
  }

  /** Updates pushed to `userId` so far. */
  pushedTo(userId: number): Updates[] {
    return this.pushed.filter((p) => p.userId === userId).map((p) => p.updates);
  }
}

/** Every result must be a valid layer-228 object: encoding throws on a missing or mistyped field. */
function checkEncodes(value: unknown): void {
  if (Array.isArray(value)) for (const v of value) checkEncodes(v);
  else if (value !== null && typeof value === 'object' && '_' in value) encode(value as TlObject);
}
