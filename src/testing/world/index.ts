/**
 * The simulated Telegram of the test server: accounts, chats, channels, invite links (spec/invite-links.md),
 * sign-in and 2FA, as plain state plus handlers.
 *
 * ```ts
 * const world = createWorld();
 * const alice = world.seed.createUser({ firstName: 'Alice' });
 * installWorld(server, world, { dcs: () => server.dcs, thisDc: 2 });
 * ```
 * @module
 */
export { createWorld, World } from './world.js';
export type { WorldOptions, WorldCluster, KeyState } from './world.js';
export { installWorld } from './install.js';
export { adminLogOf, logAdminEvent } from './admin-log.js';
export { expiredSubscribers } from './subscriptions.js';
export { inputChannel, inputPeer, inputUser, newChatRecord, Seeder } from './seed.js';
export type { CreateChannelOptions, CreateChatOptions, CreateUserOptions, SeedResult, WorldSeedJson } from './seed.js';
export { DEFAULT_SWITCHES, INFERRED_BEHAVIOUR, INFERRED_ERRORS } from './invite-rules.js';
export type { InviteErrorKey, InviteSwitches } from './invite-rules.js';
export { SNAPSHOT_VERSION } from './snapshot.js';
export type { JsonValue, WorldSnapshot } from './snapshot.js';
export type * from './types.js';
export * from './files/index.js';
