import { UsageError } from './usage-error.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Parses `90s`, `30m`, `12h`, `7d`, `2w` (or a bare number of seconds) into seconds.
 * @throws UsageError naming the option when the text is not a duration.
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)([smhdw]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`${option}: expected a duration like 30m, 12h or 7d, got '${text}'`);
  const seconds = Number(match[1]) * (UNITS[match[2] || 's'] ?? 1);
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new UsageError(`${option}: duration must be positive`);
  return seconds;
}
