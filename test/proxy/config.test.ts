/**
 * Proxy URLs and Telegram proxy links as people paste them, and the errors that name the wrong part.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProxyUrl, resolveProxy, TransportError } from '../../src/transport/index.js';
import type { ProxyConfig } from '../../src/transport/index.js';
import { Client } from '../../src/client/client.js';
import { BadArgumentError } from '../../src/errors.js';

const KEY = new Uint8Array([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]);

function rejects(url: string, part: string, pattern: RegExp): void {
  assert.throws(
    () => parseProxyUrl(url),
    (e: unknown) => e instanceof TransportError && e.kind === 'invalid-options' && e.message.startsWith(`proxy ${part}:`) && pattern.test(e.message),
    url,
  );
}

describe('parseProxyUrl', () => {
  test('SOCKS5 URLs, with credentials (percent-decoded), IPv6 and default port', () => {
    assert.deepEqual(parseProxyUrl('socks5://user:pa%40ss%3Aw@127.0.0.1:1080'), {
      type: 'socks5',
      host: '127.0.0.1',
      port: 1080,
      username: 'user',
      password: 'pa@ss:w',
    });
    assert.deepEqual(parseProxyUrl('socks5h://[::1]:9050'), { type: 'socks5', host: '::1', port: 9050 });
    assert.deepEqual(parseProxyUrl('SOCKS5://proxy.example'), { type: 'socks5', host: 'proxy.example', port: 1080 });
    assert.deepEqual(parseProxyUrl('socks5://bob@h:1'), { type: 'socks5', host: 'h', port: 1, username: 'bob' });
  });

  test('HTTP CONNECT proxies', () => {
    assert.deepEqual(parseProxyUrl('http://u:p@proxy.local:3128'), { type: 'http', host: 'proxy.local', port: 3128, username: 'u', password: 'p' });
    assert.deepEqual(parseProxyUrl('http://[2001:db8::1]'), { type: 'http', host: '2001:db8::1', port: 80 });
  });

  test('MTProxy links: tg://, https://t.me, telegram.me, without scheme; hex and base64 secrets', () => {
    const faketls = { kind: 'faketls', key: KEY, domain: 'example.com' };
    assert.deepEqual(parseProxyUrl('tg://proxy?server=1.2.3.4&port=443&secret=7gARIjNEVWZ3iJmqu8zd7v9leGFtcGxlLmNvbQ'), {
      type: 'mtproxy',
      host: '1.2.3.4',
      port: 443,
      secret: faketls,
    });
    assert.deepEqual(parseProxyUrl('https://t.me/proxy?server=h&port=1&secret=3QARIjNEVWZ3iJmqu8zd7v8%3D'), {
      type: 'mtproxy',
      host: 'h',
      port: 1,
      secret: { kind: 'padded', key: KEY },
    });
    assert.deepEqual(parseProxyUrl('telegram.me/proxy?server=h&port=2&secret=00112233445566778899aabbccddeeff'), {
      type: 'mtproxy',
      host: 'h',
      port: 2,
      secret: { kind: 'plain', key: KEY },
    });
    // Standard base64 with a literal '+' (query decoding must not turn it into a space).
    const std = parseProxyUrl('tg://proxy?server=h&port=3&secret=+/+/+/+/+/+/+/+/+/+/+w==');
    assert.equal(std.type === 'mtproxy' && typeof std.secret !== 'string' && std.secret.kind, 'plain');
  });

  test('SOCKS5 links tg://socks and t.me/socks', () => {
    assert.deepEqual(parseProxyUrl('tg://socks?server=h&port=1080&user=a&pass=b'), { type: 'socks5', host: 'h', port: 1080, username: 'a', password: 'b' });
    assert.deepEqual(parseProxyUrl('https://t.me/socks?server=%5B%3A%3A1%5D&port=1'), { type: 'socks5', host: '::1', port: 1 });
  });

  test('bad URLs name the wrong part', () => {
    rejects('', 'url', /empty/);
    rejects('127.0.0.1:1080', 'url', /has no scheme/);
    rejects('ftp://h', 'scheme', /'ftp:' is not supported/);
    rejects('https://example.com:8080', 'scheme', /TLS to the proxy/);
    rejects('socks5://h:0', 'port', /outside 1\.\.65535/);
    rejects('socks5://h:99999', 'port', /99999/);
    rejects('socks5://h:12a', 'port', /not a number/);
    rejects('socks5://:pw@h:1', 'user', /needs a user name/);
    rejects('socks5://h:1/path', 'url', /unexpected path/);
    rejects('tg://proxy?port=1&secret=00112233445566778899aabbccddeeff', 'server', /missing/);
    rejects('tg://proxy?server=h&secret=00112233445566778899aabbccddeeff', 'port', /missing/);
    rejects('tg://proxy?server=h&port=70000&secret=00112233445566778899aabbccddeeff', 'port', /outside/);
    rejects('tg://proxy?server=h&port=1', 'secret', /missing/);
    rejects('tg://resolve?domain=x', 'url', /not proxy links/);
    rejects('tg://proxy?server=h&port=1&secret=%zz', 'secret', /%-escape|neither/);
  });

  test('resolveProxy checks objects field by field and decodes the secret', () => {
    const ok = resolveProxy({ type: 'mtproxy', host: 'h', port: 443, secret: 'dd00112233445566778899aabbccddeeff' });
    assert.deepEqual(ok, { type: 'mtproxy', host: 'h', port: 443, secret: { kind: 'padded', key: KEY } });
    const bad: Array<[unknown, RegExp]> = [
      [{ type: 'socks4', host: 'h', port: 1 }, /^proxy type:/],
      [{ type: 'socks5', host: '', port: 1 }, /^proxy host:/],
      [{ type: 'http', host: 'h', port: 1.5 }, /^proxy port:/],
      [{ type: 'socks5', host: 'h', port: 1, username: 'x'.repeat(256) }, /^proxy user: must be 1\.\.255 bytes/],
      [{ type: 'socks5', host: 'h', port: 1, password: 'p' }, /^proxy user: a password needs/],
      [{ type: 'mtproxy', host: 'h', port: 1, secret: 'abcd' }, /^proxy secret:/],
    ];
    for (const [config, pattern] of bad) {
      assert.throws(() => resolveProxy(config as ProxyConfig), (e: unknown) => e instanceof TransportError && pattern.test(e.message), JSON.stringify(config));
    }
  });

  test('ClientOptions.proxy is checked when the client is created', () => {
    assert.throws(
      () => new Client({ apiId: 1, apiHash: 'h', proxy: 'socks5://h:0' }),
      (e: unknown) => e instanceof BadArgumentError && e.field === 'proxy' && /port: 0 is outside/.test(e.message),
    );
    assert.throws(
      () => new Client({ apiId: 1, apiHash: 'h', proxy: 'tg://proxy?server=h&port=1&secret=00112233445566778899aabbccddeeff', transport: { type: 'websocket' } }),
      (e: unknown) => e instanceof BadArgumentError && e.field === 'proxy' && /TCP only/.test(e.message),
    );
    assert.throws(
      () => new Client({ apiId: 1, apiHash: 'h', transport: { type: 'http', obfuscated: true } }),
      (e: unknown) => e instanceof BadArgumentError && e.field === 'transport.obfuscated',
    );
  });
});
