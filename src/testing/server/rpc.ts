/**
 * Runs one RPC query: unwraps the invoke* wrappers, applies injected faults, finds the handler by
 * method name and answers with rpc_result (result or rpc_error). Never leaves a query unanswered:
 * unknown method → 400 METHOD_INVALID, a handler crash → 500 INTERNAL (logged).
 * @module
 */
import { RpcError } from '../../errors.js';
import { MAX_MESSAGE_BODY } from '../../mtproto/index.js';
import { encode } from '../../tl/index.js';
import type { AnyRequest, Updates } from '../../tl/index.js';
import type { RequestContext } from '../context.js';
import { bindTempAuthKey } from './bind-temp-key.js';
import type { BindTempAuthKeyParams } from './bind-temp-key.js';
import { unwrapRequest, type UnwrappedRequest } from './handlers.js';
import type { ServerInternals } from './internals.js';
import { encodeResult, withRoomForHeader } from './result-encoding.js';
import type { ClientMessage } from './client-messages.js';
import type { ServerSession } from './session.js';

/** `rpc_error error_code:int error_message:string` (the result of a failed query). */
export function rpcErrorObject(code: number, message: string): Uint8Array {
  return encode({ _: 'rpc_error', errorCode: code, errorMessage: message });
}

/** Largest serialised result that still fits one message (the envelope needs the rest). */
const MAX_RESULT_BYTES = MAX_MESSAGE_BODY - 64;
const RPC_RESULT_ID = 0xf35c6d01;

/** Longest time a query waits for the messages named by invokeAfterMsg(s). */
const AFTER_MSG_TIMEOUT_MS = 10_000;

/** Handler context of one call. */
export function createRequestContext(core: ServerInternals, session: ServerSession): RequestContext {
  return {
    dcId: core.dcId,
    get layer() {
      return session.layer;
    },
    authKeyId: session.authKey.id,
    sessionId: session.sessionId,
    get userId() {
      return core.keys.userOf(session.authKey);
    },
    setUserId(userId: number | undefined) {
      core.keys.setUser(session.authKey, userId);
    },
    pushUpdates(userId: number, updates: Updates, options?: { excludeCaller?: boolean }) {
      core.pushUpdates(userId, updates, options?.excludeCaller ? session : undefined);
    },
    now: () => core.clock.nowSeconds(),
  };
}

/** Waits for the queries named by invokeAfterMsg(s) that are still running; undefined when none is. */
function waitForMessages(session: ServerSession, ids: bigint[]): Promise<void> | undefined {
  if (ids.length === 0) return undefined;
  const waits: Promise<void>[] = [];
  for (const id of ids) {
    const state = session.messages.get(id);
    // only queries still running are worth waiting for; the promise is made on demand
    if (state?.rpc && state.status === 'processing') waits.push((state.done ??= new Promise<void>((r) => (state.settle = r))));
  }
  if (waits.length === 0) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, AFTER_MSG_TIMEOUT_MS);
  });
  return Promise.race([Promise.all(waits), timeout]).then(() => clearTimeout(timer));
}

/** The rpc_error object for a failed query (logged when it is our own bug). */
function failure(core: ServerInternals, method: string, err: unknown): Uint8Array {
  if (err instanceof RpcError) return rpcErrorObject(err.code, err.message);
  if (err instanceof RangeError && /wrapper/.test(err.message)) return rpcErrorObject(400, 'INPUT_REQUEST_INVALID');
  core.logger.error(`handler of ${method} failed`, err);
  return rpcErrorObject(500, 'INTERNAL');
}

/** Serialised `result` of `method` (or the rpc_error when it cannot be sent). */
function encoded(core: ServerInternals, method: string, result: unknown): Uint8Array {
  try {
    const bytes = encodeResult(method, result);
    if (bytes.length > MAX_RESULT_BYTES) {
      core.logger.error(`result of ${method} is ${bytes.length} bytes, over ${MAX_RESULT_BYTES}`);
      return rpcErrorObject(500, 'RESULT_TOO_LARGE');
    }
    return bytes;
  } catch (err) {
    return failure(core, method, err);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The context of a call inside a takeout session: the session's context plus the takeout id, after the wrapper's guard. */
function takeoutContext(core: ServerInternals, session: ServerSession, takeout: NonNullable<UnwrappedRequest['takeout']>): RequestContext {
  const ctx: RequestContext = Object.create((session.requestContext ??= createRequestContext(core, session)), { takeoutId: { value: takeout.id } });
  core.handlers.get('invokeWithTakeout')?.(takeout.wrapper, ctx);
  return ctx;
}

/** Runs the handler of an unwrapped query; synchronous when the handler is (most are). */
function callHandler(core: ServerInternals, session: ServerSession, msgId: bigint, query: AnyRequest, takeout?: UnwrappedRequest['takeout']): Uint8Array | Promise<Uint8Array> {
  const method = query._;
  try {
    const fault = core.faults.takeRpcFault(method);
    if (fault) throw new RpcError(fault.code, fault.message, method);
    if (core.presence.isDuplicated(core.keys.effective(session.authKey).id)) throw new RpcError(406, 'AUTH_KEY_DUPLICATED', method);
    const handler = core.handlers.get(method);
    let result: unknown;
    // the context only reads through to the session: one per session, not one per call
    const ctx = takeout ? takeoutContext(core, session, takeout) : (session.requestContext ??= createRequestContext(core, session));
    if (handler) result = handler(query, ctx);
    else if (method === 'auth.bindTempAuthKey') {
      result = bindTempAuthKey(core.keys, session, msgId, query as unknown as BindTempAuthKeyParams);
    } else if (core.handlers.fallback) result = core.handlers.fallback(query, (session.requestContext ??= createRequestContext(core, session)));
    else throw new RpcError(400, 'METHOD_INVALID', method);
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => encoded(core, method, value),
        (err: unknown) => failure(core, method, err),
      );
    }
    return encoded(core, method, result);
  } catch (err) {
    return failure(core, method, err);
  }
}

/** Serialised `result` for the query, or the rpc_error describing why it failed; a promise only when something waits. */
function answer(core: ServerInternals, session: ServerSession, msgId: bigint, request: AnyRequest): Uint8Array | Promise<Uint8Array> {
  try {
    const unwrapped = unwrapRequest(request);
    if (unwrapped.layer !== undefined) session.layer = unwrapped.layer;
    const wait = waitForMessages(session, unwrapped.afterMsgIds);
    if (wait) return wait.then(() => callHandler(core, session, msgId, unwrapped.query, unwrapped.takeout));
    return callHandler(core, session, msgId, unwrapped.query, unwrapped.takeout);
  } catch (err) {
    return failure(core, request._, err);
  }
}

/**
 * `rpc_result#f35c6d01 req_msg_id:long result:Object`: written in front of a file chunk encoded
 * with room for it, otherwise one allocation and the result copied once.
 */
function rpcResultBody(reqMsgId: bigint, result: Uint8Array): Uint8Array {
  const body = withRoomForHeader(result) ?? new Uint8Array(12 + result.length);
  const view = new DataView(body.buffer, body.byteOffset, 12);
  view.setUint32(0, RPC_RESULT_ID, true);
  view.setBigInt64(4, reqMsgId, true);
  if (body.buffer !== result.buffer) body.set(result, 12);
  return body;
}

/**
 * Makes the call durable, then answers it: the world rows it changed and its answer are committed
 * together (with a data directory) before the answer is queued, and the answer is remembered so a
 * duplicate msg_id gets it again instead of running the call twice.
 */
function deliver(core: ServerInternals, session: ServerSession, entry: ClientMessage, result: Uint8Array): void {
  entry.settle?.();
  const dropped = entry.status === 'dropped';
  const body = rpcResultBody(entry.msgId, result);
  try {
    core.commitCall(session, entry.msgId, dropped ? undefined : body);
  } catch (err) {
    core.logger.error(`could not make the answer to ${entry.msgId} durable`, err);
  }
  if (dropped) return;
  const answerMsgId = session.send(body, 'response', true, entry.msgId);
  session.messages.answered(entry, body, answerMsgId);
}

/**
 * Serves the query in message `msgId`; the answer goes out through the session. A synchronous
 * handler is answered at once (no promise per call); otherwise the returned promise settles
 * once the answer is queued.
 */
export function runRpc(core: ServerInternals, session: ServerSession, msgId: bigint, request: AnyRequest): Promise<void> | undefined {
  const entry = session.messages.add(msgId, true, true, 'processing');
  const result = answer(core, session, msgId, request);
  if (result instanceof Uint8Array) {
    deliver(core, session, entry, result);
    return undefined;
  }
  return result.then((bytes) => deliver(core, session, entry, bytes));
}

/** Answers a query that could not even be decoded. */
export function answerUndecodable(core: ServerInternals, session: ServerSession, msgId: bigint, message: string): void {
  const entry = session.messages.add(msgId, true, true, 'processing');
  deliver(core, session, entry, rpcErrorObject(400, message));
}
