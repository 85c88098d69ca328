/**
 * Hostile input: damaged fixtures (bytes flipped, cut, grown) and random strings never make a
 * converter throw anything but a SessionError (SessionFormatError, or ForeignSessionError from
 * tgts's own string), never hang, and whatever parses is a checked session. Seeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SessionError } from '../../src/client/index.js';
import { decodeBase64, encodeBase64 } from '../../src/sessions/bytes.js';
import { parseSessionString, type PortableSession, type StringSessionFormat } from '../../src/sessions/index.js';
import { allFixtures, textOf } from './fixtures.js';

const strings = allFixtures()
  .filter((e) => e.file.endsWith('.txt'))
  .map((e) => ({ text: textOf(e), format: e.format as StringSessionFormat }));

function tryParse(text: string, format?: StringSessionFormat): PortableSession | SessionError {
  try {
    return parseSessionString(text, format);
  } catch (error) {
    assert.ok(error instanceof SessionError, `not a SessionError: ${String(error)}`);
    return error;
  }
}

function checked(result: PortableSession | SessionError): void {
  if (result instanceof SessionError) return;
  const primary = result.dcs.find((d) => d.id === result.dcId);
  assert.equal(primary?.authKey?.length, 256);
}

test('damaged fixtures: flipped, cut and grown payloads', () => {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('grow' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  );
  fc.assert(
    fc.property(fc.nat({ max: strings.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), (which, edits, named) => {
      const { text, format } = strings[which]!;
      const prefix = format === 'telethon' || format === 'gramjs' ? '1' : text.startsWith(':') ? ':' : ''; // the version marks
      let bytes = decodeBase64(text.slice(prefix.length))!;
      for (const e of edits) {
        if (e.kind === 'flip') bytes = Uint8Array.from(bytes, (b, i) => (i === e.at % bytes.length ? e.value : b));
        else if (e.kind === 'cut') bytes = bytes.subarray(0, e.at % (bytes.length + 1));
        else bytes = Uint8Array.from([...bytes, ...e.extra]);
      }
      const damaged = prefix + encodeBase64(bytes, { url: true, pad: false });
      checked(tryParse(damaged, named ? format : undefined));
    }),
    { seed: 0x5e55, numRuns: 400 },
  );
});

test('random strings', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 600 }), fc.base64String({ minLength: 300, maxLength: 700 }), fc.string({ minLength: 340, maxLength: 380 }).map((s) => `1${s}`)), (text) => {
      checked(tryParse(text));
    }),
    { seed: 0x5e56, numRuns: 300 },
  );
});
