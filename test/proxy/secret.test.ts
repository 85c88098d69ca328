/**
 * MTProxy secrets: the three kinds, classified by the decoded bytes, in hex, base64url and base64.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMtproxySecret, parseMtproxySecret, secretToBytes, TransportError } from '../../src/transport/index.js';
import { fromBase64, fromHex, toBase64, toBase64Url } from '../../src/encoding.js';

const KEY_HEX = '00112233445566778899aabbccddeeff';
const KEY = fromHex(KEY_HEX);

function invalid(text: string, pattern: RegExp): void {
  assert.throws(() => parseMtproxySecret(text), (e: unknown) => e instanceof TransportError && e.message.startsWith('proxy secret:') && pattern.test(e.message), text);
}

describe('MTProxy secrets', () => {
  test('the spec example in every form', () => {
    const ee = `ee${KEY_HEX}6578616d706c652e636f6d`;
    for (const text of [ee, ee.toUpperCase(), '7gARIjNEVWZ3iJmqu8zd7v9leGFtcGxlLmNvbQ', '7gARIjNEVWZ3iJmqu8zd7v9leGFtcGxlLmNvbQ==']) {
      assert.deepEqual(parseMtproxySecret(text), { kind: 'faketls', key: KEY, domain: 'example.com' }, text);
    }
    for (const text of [`dd${KEY_HEX}`, '3QARIjNEVWZ3iJmqu8zd7v8=', '3QARIjNEVWZ3iJmqu8zd7v8', '3QARIjNEVWZ3iJmqu8zd7v8%3D']) {
      assert.deepEqual(parseMtproxySecret(text), { kind: 'padded', key: KEY }, text);
    }
    assert.deepEqual(parseMtproxySecret(KEY_HEX), { kind: 'plain', key: KEY });
    assert.deepEqual(parseMtproxySecret(toBase64Url(KEY)), { kind: 'plain', key: KEY });
    assert.deepEqual(parseMtproxySecret(toBase64(KEY)), { kind: 'plain', key: KEY });
  });

  test('Telegram re-encodes FakeTLS secrets as base64url, the others as hex', () => {
    assert.equal(formatMtproxySecret({ kind: 'faketls', key: KEY, domain: 'example.com' }), '7gARIjNEVWZ3iJmqu8zd7v9leGFtcGxlLmNvbQ');
    assert.equal(formatMtproxySecret({ kind: 'padded', key: KEY }), `dd${KEY_HEX}`);
    assert.equal(formatMtproxySecret({ kind: 'plain', key: KEY }), KEY_HEX);
    assert.equal(secretToBytes({ kind: 'padded', key: KEY }).length, 17);
  });

  test('the kind comes from the decoded bytes, not the text: base64 starting with "ee" is not FakeTLS', () => {
    // 16 bytes whose base64url text happens to begin with the letters "ee".
    const bytes = fromBase64('eeAAAAAAAAAAAAAAAAAAAA');
    assert.equal(bytes.length, 16);
    assert.equal(parseMtproxySecret('eeAAAAAAAAAAAAAAAAAAAA').kind, 'plain');
  });

  test('wrong secrets say what is wrong', () => {
    invalid('', /empty/);
    invalid('!!!', /neither hex nor base64/);
    invalid('0011', /2 bytes: expected 16/);
    invalid(`ff${KEY_HEX}`, /17-byte secret must start with 0xdd/);
    invalid(`ee${KEY_HEX}`, /needs a domain/);
    invalid(`dd${KEY_HEX}00`, /exactly 17 bytes/);
    invalid(`${KEY_HEX}00`, /17-byte secret must start with 0xdd/);
    invalid(`ee${KEY_HEX}${'61'.repeat(183)}`, /183 bytes, at most 182/);
    invalid(`ee${KEY_HEX}6578 616d`.replace(' ', '20'), /not a host name character/);
  });
});
