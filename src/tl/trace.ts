/**
 * Names the field an encode failed on, without any schema data: the failing writer is run once
 * more over a view of the value that records every field it reads, so the last field read is the
 * one being written when the error was thrown. Runs only after a writer threw.
 */
import { TlError } from './errors.js';
import { Writer } from './runtime/writer.js';
import type { TlObject } from './runtime/types.js';

/** Expected-value descriptions of primitives: an object there fails on the object, not its `_`. */
const PRIMITIVE = /^(int|long|double|string|bytes|int128|int256|Bool|raw bytes|true)\b/;

/**
 * Re-runs `write` on `root` and returns a TlError whose `path` is the offending field
 * (`messages.sendMessage.entities[1].offset`) and whose `expected` is the writer's rule.
 */
export function explainEncodeError(cause: unknown, root: unknown, write: (w: Writer, o: TlObject) => void): TlError {
  const rootName = typeof root === 'object' && root !== null && typeof (root as { _?: unknown })._ === 'string' ? (root as { _: string })._ : '<root>';
  let last = rootName;
  const views = new WeakMap<object, object>();
  const view = (v: unknown, path: string): unknown => {
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
    const array = Array.isArray(v);
    // The proxy's own target is an empty stand-in, so frozen values (whose properties a proxy
    // over them must return unchanged) can be wrapped too; reads go to the real value.
    return new Proxy(array ? [] : {}, {
      get(_stand, key) {
        // Lengths, symbols and inherited helpers (valueOf while coercing) are not fields.
        if (typeof key !== 'string' || key in Object.prototype || (array && !/^\d+$/.test(key))) return Reflect.get(v, key);
        const at = array ? `${path}[${key}]` : `${path}.${key}`;
        last = at; // before the read: a throwing getter is blamed on its own field
        const value: unknown = Reflect.get(v, key);
        if (typeof value !== 'object' || value === null) return value;
        const known = views.get(value);
        if (known) return known;
        const wrapped = view(value, at) as object;
        views.set(value, wrapped);
        return wrapped;
      },
      // Writers only read fields; `in` is forwarded for completeness, nothing else is needed.
      has: (_stand, key) => Reflect.has(v, key),
    });
  };
  let problem: unknown = cause;
  try {
    write(new Writer(256, write), view(root, rootName) as TlObject);
  } catch (e) {
    problem = e;
  }
  if (problem instanceof RangeError) return new TlError('cannot encode: nesting too deep (or a cycle)', -1, 'a finite TL object', last);
  if (problem instanceof TlError) {
    const path = last.endsWith('._') && PRIMITIVE.test(problem.expected) ? last.slice(0, -2) : last;
    return new TlError(`cannot encode: ${problem.detail.replace(/^cannot encode: /, '')}`, -1, problem.expected, path);
  }
  const message = problem instanceof Error ? problem.message : String(problem);
  return new TlError(`cannot encode: ${message}`, -1, 'a valid TL object', last);
}
