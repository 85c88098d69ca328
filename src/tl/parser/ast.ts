/** Data model produced by the TL schema parser. */

/** Built-in scalar types with a fixed wire encoding. */
export type TlPrimitive = 'int' | 'long' | 'double' | 'string' | 'bytes' | 'int128' | 'int256';

/** A parsed field or result type. */
export type TlTypeExpr =
  | { readonly kind: 'primitive'; readonly name: TlPrimitive }
  /** `Vector<T>` (boxed: written with 0x1cb5c415) or `vector<T>` / `%Vector<T>` (bare: count only). */
  | { readonly kind: 'vector'; readonly boxed: boolean; readonly elem: TlTypeExpr }
  /** A boxed abstract type (written with a constructor id), including `Bool` and `Object`. */
  | { readonly kind: 'boxed'; readonly name: string }
  /** A bare constructor (`future_salt`) or a bare type (`%Message`): written without id. */
  | { readonly kind: 'bare'; readonly name: string }
  /** A generic type variable: `X` as a result, `!X` as a parameter (any boxed query). */
  | { readonly kind: 'generic'; readonly name: string; readonly bang: boolean }
  /** The `true` type: only meaningful under a flag (`flags.N?true`). */
  | { readonly kind: 'true' };

/** One `name:type` parameter of a combinator. */
export interface TlParam {
  readonly name: string;
  /** `#`: this parameter is a flags word (`flags:#`, `flags2:#`). */
  readonly isFlags: boolean;
  /** Set for conditional parameters `flags.N?T`. */
  readonly flag?: { readonly field: string; readonly bit: number };
  /** Type (without the `flags.N?` prefix); for `#` params a primitive `int`. */
  readonly type: TlTypeExpr;
  /** Source text of the type, e.g. `flags.0?Vector<long>`. */
  readonly typeText: string;
}

export type TlCombinatorKind = 'constructor' | 'method';

/** A constructor or method declaration. */
export interface TlCombinator {
  readonly kind: TlCombinatorKind;
  /** TL name, verbatim (`messages.chatInviteImporters`, `p_q_inner_data`). */
  readonly name: string;
  /** Constructor id as an unsigned 32-bit integer (explicit or computed). */
  readonly id: number;
  /** Whether the id was written in the schema (`#abcd1234`). */
  readonly explicitId: boolean;
  /** CRC32 of the normalised definition (equals `id` unless the schema says otherwise). */
  readonly computedId: number;
  /** Generic type variables declared with `{X:Type}`. */
  readonly generics: readonly string[];
  readonly params: readonly TlParam[];
  /** Result type text (`messages.Chats`, `Vector<long>`, `X`). */
  readonly resultText: string;
  readonly result: TlTypeExpr;
  /** Normalised definition line used for the id check and TSDoc. */
  readonly definition: string;
  readonly line: number;
  readonly column: number;
}

/** An id that does not match the CRC32 of its normalised definition. */
export interface TlIdMismatch {
  readonly name: string;
  readonly line: number;
  readonly declared: number;
  readonly computed: number;
  /** True when the name is on the documented allow-list of legacy exceptions. */
  readonly known: boolean;
}

/** Result of parsing one `.tl` file. */
export interface TlSchema {
  readonly constructors: readonly TlCombinator[];
  readonly methods: readonly TlCombinator[];
  /** From a `// LAYER N` comment, if present. */
  readonly layer?: number;
  /** Every explicit id that differs from the computed one (known ones included). */
  readonly idMismatches: readonly TlIdMismatch[];
  /** Built-in declarations that were recognised and skipped (`int ? = Int`, `vector {t:Type} # [ t ] = Vector t`). */
  readonly builtins: readonly string[];
}
