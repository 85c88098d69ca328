/** A TestServer over TCP with a cast for the everyday-API tests: alice and bob (users), a bot, groups. */
import { afterEach } from 'node:test';
import { TcpWorldHarness } from '../../../src/testing/world/tcp-harness.js';
import type { Client } from '../../../src/client/client.js';

const open: TcpWorldHarness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

export async function everydayCast() {
  const h = await TcpWorldHarness.start({ recordPushes: false });
  open.push(h);
  const s = h.world.seed;
  const alice = s.createUser({ firstName: 'Alice', username: 'alice_a' });
  const bob = s.createUser({ firstName: 'Bob', username: 'bob_b' });
  const dave = s.createUser({ firstName: 'Dave' });
  const bot = s.createUser({ firstName: 'Helper', bot: true, username: 'helper_bot' });
  const group = s.createChat({ creator: alice, title: 'Group', members: [bob] });
  const mega = s.createChannel({ creator: alice, title: 'Mega', megagroup: true, members: [bob] });
  return { h, s, alice, bob, dave, bot, group, mega };
}

/** The client of a user, online (past its first call, so the server pushes to it). */
export async function onlineClient(h: TcpWorldHarness, user: { id: number }): Promise<Client> {
  const client = await h.clientOf(user.id);
  await client.invoke({ _: 'updates.getState' });
  return client;
}

/** Resolves once `predicate` holds, checking after each of the client's received updates (bounded by the harness timeout). */
export async function until(h: TcpWorldHarness, predicate: () => boolean, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds && !predicate(); i++) {
    await h.settle();
    await new Promise((r) => setImmediate(r));
  }
  if (!predicate()) throw new Error('condition not reached');
}
