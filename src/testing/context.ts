import type { AnyRequest, MethodName, Methods, Updates } from '../tl/index.js';

/**
 * What a request handler of the test server knows about the call it serves.
 * Shared contract between the server core (`testing/server/`) and the simulated world (`testing/world/`).
 */
export interface RequestContext {
  /** DC that received the request. */
  readonly dcId: number;
  /** Layer the client declared with `invokeWithLayer` (228 when it never did). */
  readonly layer: number;
  /** Id of the auth key the request came with (as TL long). */
  readonly authKeyId: bigint;
  /** MTProto session id of the caller. */
  readonly sessionId: bigint;
  /** User id the auth key is signed in as, or `undefined` before sign-in. */
  readonly userId: number | undefined;
  /** Binds (or with `undefined`, unbinds) the caller's auth key to a user: used by sign-in / log-out. */
  setUserId(userId: number | undefined): void;
  /** Sends `updates` to every session of `userId` on every DC of the cluster (except, optionally, the caller's own session). */
  pushUpdates(userId: number, updates: Updates, options?: { excludeCaller?: boolean }): void;
  /** Current time of the server's clock in seconds (injectable in tests). */
  now(): number;
  /** The takeout session the call runs in (`invokeWithTakeout`), already checked by that wrapper's guard. */
  readonly takeoutId?: bigint;
}

/**
 * A handler for one method: returns the method's result or throws `RpcError`. A handler registered
 * for a wrapper method (`invokeWithTakeout`) is that wrapper's guard: it runs before the wrapped
 * query and refuses the call by throwing; what it returns is ignored.
 */
export type MethodHandler<M extends MethodName> = (
  request: Methods[M]['request'],
  ctx: RequestContext,
) => Methods[M]['result'] | Promise<Methods[M]['result']>;

/** Anything that accepts method handlers: the `TestServer`, or a `TestCluster` (which installs on every DC). */
export interface HandlerRegistry {
  handle<M extends MethodName>(method: M, handler: MethodHandler<M>): void;
}

/** Loosely typed handler used internally by the dispatcher. */
export type AnyMethodHandler = (request: AnyRequest, ctx: RequestContext) => unknown;
