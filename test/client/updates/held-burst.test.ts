// A burst larger than the client's replay window (4096 msg_ids): the server holds a channel's pushes,
// then releases 5000 of them at once, in containers whose msg_ids are above their contents'. Each one
// must reach client.updates; a window that evicted by arrival refused the tail as replays, silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Middleware } from '../../../src/client/invoke/types.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { harness, inputPeer, rid } from '../../testing/messages-helpers.js';
import { receiverClient } from './e2e-helpers.js';

const BURST = 5000;

test(`a held channel burst of ${BURST} pushes, released at once, is delivered whole`, async () => {
  const h = await harness({ recordPushes: false, requestTimeout: 30_000 });
  const s = h.world.seed;
  const receiver = s.createUser({ firstName: 'Rita' });
  const poster = s.createUser({ firstName: 'Ann' });
  const news = s.createChannel({ creator: poster, title: 'news', broadcast: true, members: [receiver] });
  const client = await receiverClient(h, receiver, new MemoryStorage(), undefined, true);
  const ids = new Set<number>();
  let duplicates = 0;
  let allIn: () => void = () => {};
  const whole = new Promise<void>((resolve) => (allIn = resolve));
  client.updates.on('newMessage', ({ message }) => {
    if (ids.has(message.id)) duplicates++;
    ids.add(message.id);
    if (ids.size === BURST) allIn();
  });
  let differences = 0;
  const count: Middleware = (next) => (request, options) => {
    if (request._ === 'updates.getDifference' || request._ === 'updates.getChannelDifference') differences++;
    return next(request, options);
  };
  client.use(count);
  try {
    await client.connect();
    await client.updates.start();
    await client.api.channels.getFullChannel({ channel: { _: 'inputChannel', channelId: news.id, accessHash: news.accessHash } });
    const faults = h.testServer.faults.updates!;
    faults.delayChannel(news.id, Infinity);
    for (let n = 0; n < BURST; n += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) => h.call('messages.sendMessage', { peer: inputPeer(news), message: `m${n + k}`, randomId: rid() }, { as: poster })),
      );
    }
    assert.equal(ids.size, 0, 'held until released');
    const differencesBefore = differences;
    faults.releaseChannel(news.id);
    // no sync(): a difference would paper over pushes the connection refused
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([whole, new Promise<void>((resolve) => (timer = setTimeout(resolve, 30_000)))]);
    clearTimeout(timer);
    assert.equal(ids.size, BURST, 'every released push was delivered');
    assert.equal(duplicates, 0);
    assert.equal(differences, differencesBefore, 'the pushes alone brought everything');
  } finally {
    await client.close();
  }
});
