/**
 * `client.api.<namespace>.<method>(params)`: a typed view of every method of the layer.
 *
 * The {@link Api} interface is generated (src/tl/gen/emit-api.ts) with one documented member per
 * method, so editors show each method's TL definition, documentation link and errors on hover.
 * At run time there is no code per method: one small `Proxy` turns a property path into a request
 * object `{ _: 'ns.method', ...params }`.
 *
 * @module
 */
import type { AnyRequest, MethodName, Methods, ParamsOf } from '../tl/index.js';
import type { Api as GeneratedApi } from '../tl/generated/api/client-api.js';
import type { InvokeOptions } from './middleware/index.js';

/** The call signature of one method: params are optional when the method has no required field. */
export type ApiCall<M extends MethodName> = {} extends ParamsOf<M>
  ? (params?: ParamsOf<M>, options?: InvokeOptions) => Promise<Methods[M]['result']>
  : (params: ParamsOf<M>, options?: InvokeOptions) => Promise<Methods[M]['result']>;

/** Every method of the layer, grouped by namespace (`api.messages.exportChatInvite`), taking the client's {@link InvokeOptions}. */
export type Api = GeneratedApi<InvokeOptions>;

/** Sends one request; the client's `invoke`. */
export type RequestSender = (request: AnyRequest, options?: InvokeOptions) => Promise<unknown>;

/** Builds the `api` object over an invoke function. */
export function createApi(send: RequestSender): Api {
  const namespaces = new Map<string, unknown>();
  const call = (name: string) => (params?: object, options?: InvokeOptions) =>
    send({ ...(params ?? {}), _: name } as AnyRequest, options);

  const root = new Proxy(Object.create(null) as object, {
    get(_target, prop) {
      // `await api` / `api.then` must not look like a method, nor may symbol lookups.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      let ns = namespaces.get(prop);
      if (ns === undefined) {
        const methods = new Map<string, unknown>();
        // A function target lets a top-level method (`api.invokeWithLayer(...)`) be called directly,
        // while property access gives namespaced methods (`api.messages.getChats`).
        ns = new Proxy(call(prop), {
          get(target, fn) {
            if (typeof fn !== 'string' || fn === 'then') return undefined;
            let method = methods.get(fn);
            if (method === undefined) {
              method = call(`${prop}.${fn}`);
              methods.set(fn, method);
            }
            return method;
          },
        });
        namespaces.set(prop, ns);
      }
      return ns;
    },
  });
  return root as Api;
}
