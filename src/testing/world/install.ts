/** Registers every world handler on a server (or cluster). */
import type { HandlerRegistry } from '../context.js';
import { installAdminLog } from './handlers/admin-log.js';
import { installAuth } from './handlers/auth.js';
import { installBootstrap } from './handlers/bootstrap.js';
import { installChats } from './handlers/chats.js';
import { installFiles } from './files/install.js';
import { installInviteJoin } from './handlers/invites-join.js';
import { installInviteManagement } from './handlers/invites-manage.js';
import { installInviteRequests } from './handlers/invites-requests.js';
import { installBots } from './handlers/bots.js';
import { installDialogs } from './handlers/dialogs.js';
import { installMessageReading } from './handlers/messages-read.js';
import { installMessageWriting } from './handlers/messages-write.js';
import { installUpdates } from './handlers/updates.js';
import { installSessions } from './handlers/sessions.js';
import { installTakeout } from './handlers/takeout.js';
import type { World, WorldCluster } from './world.js';

/**
 * Installs the simulated Telegram's handlers (sign-in, sessions, takeout, bootstrap, chats, invite
 * links, admin log, messages, dialogs, updates, bots, files) on `registry`.
 * The world remembers `cluster` for DC checks (`PHONE_MIGRATE_X`, `USER_MIGRATE_X`, `help.getConfig`).
 */
export function installWorld(registry: HandlerRegistry, world: World, cluster: WorldCluster): void {
  world.cluster = cluster;
  installAuth(registry, world, cluster);
  installBootstrap(registry, world, cluster);
  installChats(registry, world);
  installInviteManagement(registry, world);
  installInviteJoin(registry, world);
  installInviteRequests(registry, world);
  installAdminLog(registry, world);
  installSessions(registry, world);
  installTakeout(registry, world);
  installMessageWriting(registry, world);
  installMessageReading(registry, world);
  installDialogs(registry, world);
  installUpdates(registry, world);
  installBots(registry, world);
  installFiles(registry, world);
}
