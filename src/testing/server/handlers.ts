/**
 * The method-name → handler table of one server, and the generic unwrapping of the
 * `invokeWithLayer` / `initConnection` / `invokeAfterMsg(s)` / `invokeWithoutUpdates` / … wrappers.
 * @module
 */
import type { AnyRequest, MethodName } from '../../tl/index.js';
import type { AnyMethodHandler, HandlerRegistry, MethodHandler } from '../context.js';

/** Handlers by method name; a later `handle` for the same method replaces the earlier one. */
export class HandlerTable implements HandlerRegistry {
  private readonly handlers = new Map<string, AnyMethodHandler>();
  /** Serves every method without a handler instead of `METHOD_INVALID` (a CDN DC's `CDN_METHOD_INVALID`). */
  fallback: AnyMethodHandler | undefined;

  handle<M extends MethodName>(method: M, handler: MethodHandler<M>): void {
    this.handlers.set(method, handler as unknown as AnyMethodHandler);
  }

  /** Handler of `method`, if any. */
  get(method: string): AnyMethodHandler | undefined {
    return this.handlers.get(method);
  }

  /** Names of the methods served. */
  methods(): string[] {
    return [...this.handlers.keys()];
  }
}

/** A request with its wrappers removed. */
export interface UnwrappedRequest {
  /** The innermost query (the one dispatched to a handler). */
  query: AnyRequest;
  /** Layer of `invokeWithLayer`, when present. */
  layer?: number;
  /** msg_ids the query must wait for (`invokeAfterMsg(s)`). */
  afterMsgIds: bigint[];
  /** The caller asked not to receive updates on this session. */
  withoutUpdates: boolean;
  /** `initConnection` fields, when present (app id, device…). */
  initConnection?: Record<string, unknown>;
  /** `invokeWithTakeout`: the takeout session, and the wrapper itself for its guard. */
  takeout?: { id: bigint; wrapper: AnyRequest };
}

/** Wrappers are peeled at most this deep (a hostile client could nest forever). */
const MAX_WRAPPERS = 16;

/** Methods whose only job is to carry `query` with some extra context. */
const WRAPPERS = new Set([
  'invokeWithLayer',
  'initConnection',
  'invokeAfterMsg',
  'invokeAfterMsgs',
  'invokeWithoutUpdates',
  'invokeWithMessagesRange',
  'invokeWithTakeout',
  'invokeWithBusinessConnection',
  'invokeWithGooglePlayIntegrity',
  'invokeWithApnsSecret',
  'invokeWithReCaptcha',
]);

/** Peels the wrapper methods off `request`. Throws `RangeError` past {@link MAX_WRAPPERS}. */
export function unwrapRequest(request: AnyRequest): UnwrappedRequest {
  const out: UnwrappedRequest = { query: request, afterMsgIds: [], withoutUpdates: false };
  let current = request as AnyRequest & Record<string, unknown>;
  for (let depth = 0; WRAPPERS.has(current._); depth++) {
    if (depth >= MAX_WRAPPERS) throw new RangeError('too many nested wrapper methods');
    switch (current._) {
      case 'invokeWithLayer':
        out.layer ??= current['layer'] as number;
        break;
      case 'initConnection': {
        const { query: _q, ...fields } = current;
        out.initConnection = fields;
        break;
      }
      case 'invokeAfterMsg':
        out.afterMsgIds.push(current['msgId'] as bigint);
        break;
      case 'invokeAfterMsgs':
        out.afterMsgIds.push(...(current['msgIds'] as bigint[]));
        break;
      case 'invokeWithoutUpdates':
        out.withoutUpdates = true;
        break;
      case 'invokeWithTakeout':
        out.takeout ??= { id: current['takeoutId'] as bigint, wrapper: current };
        break;
      default:
        break;
    }
    current = current['query'] as AnyRequest & Record<string, unknown>;
    if (typeof current !== 'object' || current === null || typeof current._ !== 'string') {
      throw new RangeError('wrapper without a query');
    }
  }
  out.query = current;
  return out;
}
