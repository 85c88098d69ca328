/** `node:util` parseArgs with our conventions: strict, `--help`/`-h` everywhere, UsageError on mistakes. */
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** Option specs in parseArgs form. */
export type OptionSpecs = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** Parsed options: strings, booleans, or arrays of strings for `multiple`. */
export type ParsedValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** The result of {@link parseCommandLine}. */
export interface ParsedArgs {
  values: ParsedValues;
  positionals: string[];
  help: boolean;
}

/** Parses `args` against `options`; unknown flags and missing values become {@link UsageError}. */
export function parseCommandLine(args: string[], options: OptionSpecs): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: args.map((a) => (NEGATIVE.test(a) ? MARK + a : a)),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
    const v = values as ParsedValues;
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string') v[k] = unmark(x);
      else if (Array.isArray(x)) v[k] = x.map((e) => (typeof e === 'string' ? unmark(e) : e));
    }
    return { values: v, positionals: positionals.map(unmark), help: v.help === true };
  } catch (err) {
    // parseArgs throws TypeError with an ERR_PARSE_ARGS_* code: a user mistake, not a bug.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) throw new UsageError(tidy((err as Error).message));
    throw err;
  }
}

// Negative numbers (`-1001234567890`, the channel id form) are values, not short options:
// they are hidden from parseArgs behind a marker and restored afterwards.
const NEGATIVE = /^-\d+$/;
const MARK = '\u2063';
function unmark(s: string): string {
  return s.startsWith(MARK) ? s.slice(MARK.length) : s;
}

/** parseArgs messages end with advice about `--` that does not fit our commands. */
function tidy(message: string): string {
  return message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s+$/, '');
}

/** A string option, or undefined. */
export function str(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag. */
export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

/** An integer option within `min`..`max` (default 0..2^31-1). */
export function intOption(values: ParsedValues, name: string, opts: { min?: number; max?: number } = {}): number | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  const n = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
  const min = opts.min ?? 0;
  const max = opts.max ?? 2 ** 31 - 1;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name}: expected an integer from ${min} to ${max}, got '${text}'`);
  }
  return n;
}

/** Refuses leftover positionals. */
export function noMorePositionals(positionals: readonly string[], from: number): void {
  if (positionals.length > from) throw new UsageError(`unexpected argument '${positionals[from]}'`);
}
