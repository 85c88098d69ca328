/**
 * The committed session fixtures (test/fixtures/sessions/, made by scripts/fixtures/) and what
 * each is expected to hold, plus the throwaway keys they were made with.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SessionFormat } from '../../src/sessions/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sessions');

/** key(label) = SHA-256("tgts-fixture:<label>:0") ‖ … ‖ SHA-256("…:7"), as the scripts derive it. */
export function fixtureKey(label: string): Uint8Array {
  const parts = Array.from({ length: 8 }, (_, i) => createHash('sha256').update(`tgts-fixture:${label}:${i}`).digest());
  return new Uint8Array(Buffer.concat(parts));
}

/** One line of an `expected*.json`. */
export interface Expected {
  /** Folder this entry belongs to (gramjs, telethon, …). */
  folder: string;
  file: string;
  format: SessionFormat;
  variant: string;
  dcId: number;
  host?: string;
  port?: number;
  keyLabel: string;
  userId?: number;
  bot?: boolean;
  testMode: boolean;
  apiId?: number;
  passcode?: string;
  account?: number;
  otherDcs?: Array<{ id: number; keyLabel: string }>;
  peers?: Array<{ type: string; id: number; accessHash?: string; usernames: string[]; phone?: string; bot?: boolean; updatedAt: number }>;
  updates?: { common: { pts: number; qts: number; date: number; seq: number }; channels: Array<[number, number]> };
}

/** Every fixture with its expectations. */
export function allFixtures(): Expected[] {
  const out: Expected[] = [];
  // only the per-library folders (tgts's own v1 fixtures and README sit beside them)
  for (const folder of readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const name of readdirSync(join(FIXTURES, folder)).filter((n) => /^expected.*\.json$/.test(n)).sort()) {
      for (const e of JSON.parse(readFileSync(join(FIXTURES, folder, name), 'utf8')) as Omit<Expected, 'folder'>[]) out.push({ folder, ...e });
    }
  }
  return out;
}

export const pathOf = (e: Expected) => join(FIXTURES, e.folder, e.file);
export const nameOf = (e: Expected) => `${e.folder}/${e.file}${e.account !== undefined ? ` #${e.account}` : ''}`;
/** Whether the fixture is a string (its file holds one line) rather than a database or folder. */
export const isString = (e: Expected) => e.file.endsWith('.txt');
export const textOf = (e: Expected) => readFileSync(pathOf(e), 'utf8').trim();
