/**
 * Where each kind of connection goes: the DC directory's choice of address and the dial plan
 * (WebSocket URLs of Telegram's web endpoints included) — all with injected addresses, never dialled.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DcDirectory, type DcDirectoryOptions } from '../../src/client/pools/dc-directory.js';
import { dialPlan, type DialContext } from '../../src/client/pools/dial.js';
import type { DcOption } from '../../src/tl/index.js';

function directory(extra: Partial<DcDirectoryOptions> = {}): DcDirectory {
  return new DcDirectory({ testMode: false, ipv6: false, obfuscated: true, explicit: [], stored: () => undefined, ...extra });
}

const opt = (id: number, ipAddress: string, flags: Partial<DcOption> = {}): DcOption => ({ _: 'dcOption', id, ipAddress, port: 443, ...flags });

const ws: DialContext = { transport: { type: 'websocket', codec: 'intermediate', obfuscated: true }, testMode: false, telegram: true };

describe('DC directory', () => {
  it('built-in addresses until help.getConfig answers; the config then wins', () => {
    const d = directory();
    assert.equal(d.endpoint(2, 'main')?.host, '149.154.167.51');
    assert.equal(d.endpoint(2, 'main')?.source, 'builtin');
    d.applyConfig([opt(2, '10.0.0.2'), opt(2, '10.0.0.22', { mediaOnly: true }), opt(2, '2001:db8::2', { ipv6: true }), opt(7, '10.0.0.7')]);
    assert.equal(d.endpoint(2, 'main')?.host, '10.0.0.2');
    assert.equal(d.endpoint(7, 'main')?.host, '10.0.0.7', 'a DC only the config knows');
    assert.equal(d.endpoint(9, 'main'), undefined);
  });

  it('media-only addresses serve uploads and downloads, never API calls', () => {
    const d = directory();
    d.applyConfig([opt(4, '10.0.0.4'), opt(4, '10.0.0.44', { mediaOnly: true })]);
    assert.equal(d.endpoint(4, 'main')?.host, '10.0.0.4');
    assert.equal(d.endpoint(4, 'download')?.host, '10.0.0.44');
    assert.equal(d.endpoint(4, 'upload')?.host, '10.0.0.44');
    d.applyConfig([opt(4, '10.0.0.44', { mediaOnly: true })]);
    assert.equal(d.endpoint(4, 'main')?.source, 'builtin', 'a media-only address is not used for the main connection');
  });

  it('IPv6 only when opted in (then preferred); tcpo_only only when obfuscating; static last', () => {
    const options = [opt(1, '10.0.0.1', { static: true }), opt(1, '10.0.0.11'), opt(1, '2001:db8::1', { ipv6: true }), opt(1, '10.0.0.12', { tcpoOnly: true })];
    const plain = directory({ obfuscated: false });
    plain.applyConfig(options);
    assert.equal(plain.endpoint(1, 'main')?.host, '10.0.0.11');
    const v6 = directory({ ipv6: true });
    v6.applyConfig(options);
    assert.equal(v6.endpoint(1, 'main')?.host, '2001:db8::1');
    const onlyTcpo = directory({ obfuscated: false });
    onlyTcpo.applyConfig([opt(1, '10.0.0.12', { tcpoOnly: true })]);
    assert.equal(onlyTcpo.endpoint(1, 'main')?.source, 'builtin');
    assert.equal(directory({ ipv6: true }).endpoint(3, 'main')?.host, '2001:b28:f23d:f003::a', 'built-in IPv6 address');
  });

  it('addresses from the options win over the config and mark the client as not talking to Telegram', () => {
    const d = directory({ explicit: [{ id: 2, host: '127.0.0.1', port: 4400, wsPort: 4401 }] });
    d.applyConfig([opt(2, '10.0.0.2'), opt(203, '10.0.0.203', { cdn: true })]);
    assert.equal(d.endpoint(2, 'main')?.port, 4400);
    assert.equal(d.telegram, false);
    assert.equal(d.isCdn(203), true);
    assert.equal(d.endpoint(203, 'cdn')?.host, '10.0.0.203');
    assert.equal(d.endpoint(4, 'main'), undefined, "a client of a local server never falls back to Telegram's addresses");
  });

  it('the address stored with a key is used when nothing better is known', () => {
    const d = directory({ explicit: [{ id: 2, host: '127.0.0.1', port: 1 }], stored: (id) => (id === 3 ? { host: '127.0.0.3', port: 3333 } : undefined) });
    assert.deepEqual([d.endpoint(3, 'main')?.host, d.endpoint(3, 'main')?.source], ['127.0.0.3', 'stored']);
  });
});

describe('dial plan', () => {
  it("WebSocket to Telegram dials the web clients' wss endpoints", () => {
    const d = directory();
    assert.equal(dialPlan(d.endpoint(2, 'main')!, 'main', ws).url, 'wss://venus.web.telegram.org/apiws');
    assert.equal(dialPlan(d.endpoint(1, 'main')!, 'main', ws).url, 'wss://pluto.web.telegram.org/apiws');
    assert.equal(dialPlan(d.endpoint(4, 'download')!, 'download', ws).url, 'wss://vesta-1.web.telegram.org/apiws');
    assert.equal(dialPlan(d.endpoint(5, 'upload')!, 'upload', ws).url, 'wss://flora-1.web.telegram.org/apiws');
    const test = directory({ testMode: true });
    assert.equal(dialPlan(test.endpoint(3, 'main')!, 'main', { ...ws, testMode: true }).url, 'wss://aurora.web.telegram.org/apiws_test');
    assert.equal(dialPlan(d.endpoint(2, 'main')!, 'main', ws).port, 443);
  });

  it('WebSocket to an address from the options dials ws://host:port/apiws', () => {
    const d = directory({ explicit: [{ id: 2, host: '127.0.0.1', port: 4400, wsPort: 4401 }, { id: 3, host: '::1', port: 4403 }] });
    const local = { ...ws, telegram: d.telegram };
    assert.equal(dialPlan(d.endpoint(2, 'main')!, 'main', local).url, 'ws://127.0.0.1:4401/apiws');
    assert.equal(dialPlan(d.endpoint(3, 'main')!, 'main', local).url, 'ws://[::1]:4403/apiws');
  });

  it('TCP: host and port of the endpoint, negative DC id for a media-only address, the local address', () => {
    const d = directory();
    d.applyConfig([opt(2, '10.0.0.2'), opt(2, '10.0.0.22', { mediaOnly: true })]);
    const tcp: DialContext = { transport: { type: 'tcp', codec: 'abridged', obfuscated: true }, testMode: false, telegram: true, localAddress: '127.0.0.2' };
    const main = dialPlan(d.endpoint(2, 'main')!, 'main', tcp);
    assert.deepEqual([main.host, main.port, main.dcId, main.url, main.localAddress], ['10.0.0.2', 443, 2, undefined, '127.0.0.2']);
    const media = dialPlan(d.endpoint(2, 'download')!, 'download', tcp);
    assert.deepEqual([media.host, media.dcId], ['10.0.0.22', -2]);
  });
});
