/** Shape of the generated registry (src/tl/generated/registry.ts). */

export type TlSchemaName = 'api' | 'mt' | 'e2e';

export interface TlEntryParam {
  /** TL name (`usage_limit`). */
  readonly name: string;
  /** Field name in the TS object (`usageLimit`); flags words are not object fields. */
  readonly camelName: string;
  /** TL type without the flag prefix (`int`, `Vector<long>`, `InputPeer`, `#` for a flags word, `true`). */
  readonly type: string;
  /** For conditional fields: the flags word and bit. */
  readonly flag?: { readonly field: string; readonly bit: number };
  /** A user/chat/channel id `long` carried as a JS number. */
  readonly numberId?: boolean;
}

export interface TlEntry {
  readonly schema: TlSchemaName;
  readonly kind: 'constructor' | 'method';
  readonly name: string;
  /** Constructor/method id (unsigned). */
  readonly id: number;
  /** Generated TS type name. */
  readonly tsName: string;
  /** Constructor: its type; method: its result type. */
  readonly type: string;
  readonly params: readonly TlEntryParam[];
}
