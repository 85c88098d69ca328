/**
 * Which api constructors a client can ever write or read. A client writes methods and whatever
 * their parameters reach; it reads whatever method results (and pushed `Updates`) reach. The
 * generator puts each side in its own module so a client program (and a bundle of it) loads
 * only these, while encode/decode of anything and the test server load the rest too.
 */
import type { TlTypeExpr } from '../parser/ast.js';
import type { CombModel, SchemaModel } from './model.js';
import { bareConstructor } from './model.js';

/** Constructors (by TL name) and abstract types (by TL name) reachable from a set of roots. */
export interface Reach {
  readonly constructors: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
}

function closure(model: SchemaModel, roots: readonly TlTypeExpr[]): Reach {
  const constructors = new Set<string>();
  const types = new Set<string>();
  const queue = [...roots];
  const visitComb = (c: CombModel): void => {
    if (constructors.has(c.tl.name)) return;
    constructors.add(c.tl.name);
    for (const p of c.params) queue.push(p.tl.type);
  };
  while (queue.length > 0) {
    const t = queue.pop()!;
    if (t.kind === 'vector') queue.push(t.elem);
    else if (t.kind === 'bare') visitComb(bareConstructor(model, t.name));
    else if (t.kind === 'boxed') {
      const type = model.types.get(t.name);
      if (!type || types.has(t.name)) continue;
      types.add(t.name);
      for (const c of type.constructors) visitComb(c);
    }
  }
  return { constructors, types };
}

/** What requests reach (written by clients) and what results reach (read by clients). */
export function clientSides(model: SchemaModel): { readonly request: Reach; readonly response: Reach } {
  const request = closure(model, model.methods.flatMap((m) => m.params.map((p) => p.tl.type)));
  const updates: TlTypeExpr = { kind: 'boxed', name: 'Updates' };
  const response = closure(model, [...model.methods.map((m) => m.tl.result), updates]);
  return { request, response };
}

/**
 * The combinators and abstract types one generated module holds. `external` types have their
 * dispatchers in the sibling base module, imported as `B`.
 */
export interface ModulePart {
  readonly has: (c: CombModel) => boolean;
  readonly types: (tlType: string) => boolean;
  readonly external: ReadonlySet<string>;
}

export const WHOLE: ModulePart = { has: () => true, types: () => true, external: new Set() };
