/**
 * TL values → plain JSON values, for printing results: bigint → decimal string,
 * bytes → base64, objects keep their `_` first. The output is accepted back by
 * {@link requestFromJson}/{@link valueFromJson}, so results can be pasted into later calls.
 */
import { bytesToBase64 } from './base64.js';

/** What {@link tlToJson} produces. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 256;

/** Converts a decoded TL value (object, array, bigint, bytes, ...) into a JSON-safe value. */
export function tlToJson(value: unknown, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) return '[nested too deep]';
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (Array.isArray(value)) return value.map((v) => tlToJson(v, depth + 1));
  const out: { [key: string]: JsonValue } = {};
  const obj = value as Record<string, unknown>;
  if (typeof obj._ === 'string') out._ = obj._;
  for (const [k, v] of Object.entries(obj)) {
    if (k === '_' || v === undefined) continue;
    out[k] = tlToJson(v, depth + 1);
  }
  return out;
}

/** Pretty-printed JSON text of a TL value (2-space indent). */
export function formatTlJson(value: unknown): string {
  return JSON.stringify(tlToJson(value), null, 2);
}
