/**
 * Runs one RPC query: unwraps the invoke* wrappers, applies injected faults, finds the handler by
 * method name and answers with rpc_result (result or rpc_error). Never leaves a query unanswered:
 * unknown method → 400 METHOD_INVALID, a handler crash → 500 INTERNAL (logged).
 * @module
 */
import { RpcError } from '../../errors.js';
import { MAX_MESSAGE_BODY } from '../../mtproto/index.js';
import type { AnyRequest, Updates } from '../../tl/index.js';
import type { RequestContext } from '../context.js';
import { bindTempAuthKey } from './bind-temp-key.js';
import type { BindTempAuthKeyParams } from './bind-temp-key.js';
import { unwrapRequest } from './handlers.js';
import type { ServerInternals } from './internals.js';
import { encodeResult } from './result-encoding.js';
import { rpcErrorObject, rpcResultBody } from './service-bodies.js';
import type { ClientMessageState, ServerSession } from './session.js';

/** Largest serialised result that still fits one message (the envelope needs the rest). */
const MAX_RESULT_BYTES = MAX_MESSAGE_BODY - 64;

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

async function waitForMessages(session: ServerSession, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  const waits: Promise<void>[] = [];
  for (const id of ids) {
    const state = session.clientMessages.get(id);
    // only queries still running are worth waiting for; the promise is made on demand
    if (state?.rpc && state.state === 'processing') waits.push((state.done ??= new Promise<void>((r) => (state.settle = r))));
  }
  if (waits.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, AFTER_MSG_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all(waits), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Serialised `result` for the query, or the rpc_error describing why it failed. */
async function answer(core: ServerInternals, session: ServerSession, msgId: bigint, request: AnyRequest): Promise<Uint8Array> {
  let method: string = request._;
  try {
    const unwrapped = unwrapRequest(request);
    if (unwrapped.layer !== undefined) session.layer = unwrapped.layer;
    await waitForMessages(session, unwrapped.afterMsgIds);
    method = unwrapped.query._;
    const fault = core.faults.takeRpcFault(method);
    if (fault) throw new RpcError(fault.code, fault.message, method);
    const handler = core.handlers.get(method);
    let result: unknown;
    // the context only reads through to the session: one per session, not one per call
    if (handler) result = await handler(unwrapped.query, (session.requestContext ??= createRequestContext(core, session)));
    else if (method === 'auth.bindTempAuthKey') {
      result = bindTempAuthKey(core.keys, session, msgId, unwrapped.query as unknown as BindTempAuthKeyParams);
    } else throw new RpcError(400, 'METHOD_INVALID', method);
    const encoded = encodeResult(method, result);
    if (encoded.length > MAX_RESULT_BYTES) {
      core.logger.error(`result of ${method} is ${encoded.length} bytes, over ${MAX_RESULT_BYTES}`);
      return rpcErrorObject(500, 'RESULT_TOO_LARGE');
    }
    return encoded;
  } catch (err) {
    if (err instanceof RpcError) return rpcErrorObject(err.code, err.message);
    if (err instanceof RangeError && /wrapper/.test(err.message)) return rpcErrorObject(400, 'INPUT_REQUEST_INVALID');
    core.logger.error(`handler of ${method} failed`, err);
    return rpcErrorObject(500, 'INTERNAL');
  }
}

/** Serves the query in message `msgId`; the answer goes out through the session. */
export async function runRpc(core: ServerInternals, session: ServerSession, msgId: bigint, request: AnyRequest): Promise<void> {
  const state: ClientMessageState = { rpc: true, state: 'processing' };
  session.noteClientMessage(msgId, state);
  const result = await answer(core, session, msgId, request);
  state.settle?.();
  if (state.state === 'dropped') return;
  state.state = 'answered';
  state.answerMsgId = session.send(rpcResultBody(msgId, result), 'response', true);
}

/** Answers a query that could not even be decoded. */
export function answerUndecodable(session: ServerSession, msgId: bigint, message: string): void {
  session.noteClientMessage(msgId, { rpc: true, state: 'answered' });
  session.send(rpcResultBody(msgId, rpcErrorObject(400, message)), 'response', true);
}
