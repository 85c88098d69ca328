/** The `tgts invite …` subcommands: options → one request of the invite-link family → output. */
import type { ChatInviteImporter, ExportedChatInvite, InputPeer, User } from '../../../tl/index.js';
import type { OptionSpecs, ParsedValues } from '../../args.js';
import { flag, intOption, str } from '../../args.js';
import { parseDuration } from '../../duration.js';
import type { Invoke } from '../../peer.js';
import { resolveUser } from '../../peer.js';
import { UsageError } from '../../usage-error.js';
import { formatImporters, formatInvites } from './format.js';

/** What a subcommand gets once the chat is resolved. */
export interface InviteContext {
  invoke: Invoke;
  peer: InputPeer;
  values: ParsedValues;
  /** The invite link, for subcommands that take one. */
  link: string | undefined;
}

/** A subcommand's result: the raw TL value (for `--json`) and its human form. */
export interface InviteOutput {
  result: unknown;
  text: string;
}

/** One `tgts invite <name>` subcommand. */
export interface InviteSubcommand {
  name: string;
  summary: string;
  /** Takes `<link>` after `<chat>`. */
  takesLink: boolean;
  options: OptionSpecs;
  optionHelp: string;
  examples: string[];
  /** Checks the options before anything connects (throws UsageError). */
  check?(values: ParsedValues): void;
  run(ctx: InviteContext): Promise<InviteOutput>;
}

type Invite = Extract<ExportedChatInvite, { _: 'chatInviteExported' }>;

function expireOption(values: ParsedValues, allowNever: boolean): number | undefined {
  const text = str(values, 'expire');
  if (text === undefined) return undefined;
  if (text === 'never') {
    if (!allowNever) throw new UsageError("--expire never: a new link never expires unless --expire is given");
    return 0;
  }
  return Math.floor(Date.now() / 1000) + parseDuration(text, '--expire');
}

function limitOption(values: ParsedValues, fallback: number): number {
  return intOption(values, 'limit', { min: 1, max: 1000 }) ?? fallback;
}

const LINK_SETTINGS: OptionSpecs = {
  'usage-limit': { type: 'string' },
  expire: { type: 'string' },
  title: { type: 'string' },
  'request-needed': { type: 'boolean' },
};

const LINK_SETTINGS_HELP = `  --usage-limit N       how many people may join through the link (1..99999)
  --expire DURATION     the link stops working after 30m, 12h, 7d, 2w...
  --title TEXT          a name for the link, shown to admins only
  --request-needed      joining needs an admin's approval (no usage limit then)`;

/** `messages.exportedChatInvite` / `…Replaced` → text. */
function oneInvite(result: { _: string; invite: ExportedChatInvite; newInvite?: ExportedChatInvite }): string {
  if (result._ === 'messages.exportedChatInviteReplaced' && result.newInvite) {
    return `${formatInvites([result.invite, result.newInvite])}\n(the permanent link was replaced by the second one)`;
  }
  return formatInvites([result.invite]);
}

const exportCmd: InviteSubcommand = {
  name: 'export',
  summary: 'create a new invite link',
  takesLink: false,
  options: LINK_SETTINGS,
  optionHelp: LINK_SETTINGS_HELP,
  examples: ['tgts invite export @my_channel --usage-limit 10 --expire 7d --title "Meetup"', 'tgts invite export -1001234567890 --request-needed'],
  check(values) {
    intOption(values, 'usage-limit', { min: 1, max: 99999 });
    expireOption(values, false);
    if (flag(values, 'request-needed') && str(values, 'usage-limit') !== undefined) {
      throw new UsageError('--request-needed and --usage-limit cannot be combined (Telegram refuses a limit on approval links)');
    }
  },
  async run({ invoke, peer, values }) {
    const usageLimit = intOption(values, 'usage-limit', { min: 1, max: 99999 });
    const expireDate = expireOption(values, false);
    const title = str(values, 'title');
    const result = (await invoke({
      _: 'messages.exportChatInvite',
      peer,
      ...(flag(values, 'request-needed') ? { requestNeeded: true } : {}),
      ...(usageLimit !== undefined ? { usageLimit } : {}),
      ...(expireDate !== undefined ? { expireDate } : {}),
      ...(title !== undefined ? { title } : {}),
    })) as ExportedChatInvite;
    return { result, text: formatInvites([result]) };
  },
};

const listCmd: InviteSubcommand = {
  name: 'list',
  summary: 'list the links of one admin (default: yours); user accounts only',
  takesLink: false,
  options: { admin: { type: 'string' }, revoked: { type: 'boolean' }, limit: { type: 'string' } },
  optionHelp: `  --admin USER          whose links: @username or user id (creators may list other admins)
  --revoked             list revoked links instead of active ones
  --limit N             at most N links (default 50)`,
  examples: ['tgts invite list @my_channel', 'tgts invite list @my_channel --admin @alice --revoked --json'],
  check(values) {
    limitOption(values, 50);
  },
  async run({ invoke, peer, values }) {
    const adminText = str(values, 'admin');
    const adminId = adminText === undefined ? ({ _: 'inputUserSelf' } as const) : await resolveUser(invoke, adminText, '--admin');
    const result = (await invoke({
      _: 'messages.getExportedChatInvites',
      peer,
      adminId,
      limit: limitOption(values, 50),
      ...(flag(values, 'revoked') ? { revoked: true } : {}),
    })) as { count: number; invites: ExportedChatInvite[] };
    const shown = result.invites.length;
    const text = shown === 0 ? 'no links' : `${formatInvites(result.invites)}\n${shown} of ${result.count} link(s)`;
    return { result, text };
  },
};

const getCmd: InviteSubcommand = {
  name: 'get',
  summary: 'show one link; user accounts only',
  takesLink: true,
  options: {},
  optionHelp: '',
  examples: ['tgts invite get @my_channel https://t.me/+AbCdEf123'],
  async run({ invoke, peer, link }) {
    const result = (await invoke({ _: 'messages.getExportedChatInvite', peer, link: link! })) as { _: string; invite: Invite };
    return { result, text: oneInvite(result) };
  },
};

const editCmd: InviteSubcommand = {
  name: 'edit',
  summary: "change a link's limit, expiry, title or approval setting",
  takesLink: true,
  options: { ...LINK_SETTINGS, 'no-request-needed': { type: 'boolean' } },
  optionHelp: `  --usage-limit N       new limit; 0 removes it
  --expire DURATION     new expiry from now (30m, 12h, 7d); 'never' removes it
  --title TEXT          new title
  --request-needed      joining needs approval from now on
  --no-request-needed   joining no longer needs approval`,
  examples: ['tgts invite edit @my_channel https://t.me/+AbCdEf123 --usage-limit 50 --expire 2w'],
  check(values) {
    intOption(values, 'usage-limit', { min: 0, max: 99999 });
    expireOption(values, true);
    if (flag(values, 'request-needed') && flag(values, 'no-request-needed')) {
      throw new UsageError('--request-needed and --no-request-needed contradict each other');
    }
    const changes = ['usage-limit', 'expire', 'title', 'request-needed', 'no-request-needed'].filter((k) => values[k] !== undefined);
    if (changes.length === 0) throw new UsageError('nothing to change: give --usage-limit, --expire, --title or --(no-)request-needed');
  },
  async run({ invoke, peer, values, link }) {
    const usageLimit = intOption(values, 'usage-limit', { min: 0, max: 99999 });
    const expireDate = expireOption(values, true);
    const title = str(values, 'title');
    const requestNeeded = flag(values, 'request-needed') ? true : flag(values, 'no-request-needed') ? false : undefined;
    const result = (await invoke({
      _: 'messages.editExportedChatInvite',
      peer,
      link: link!,
      ...(usageLimit !== undefined ? { usageLimit } : {}),
      ...(expireDate !== undefined ? { expireDate } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(requestNeeded !== undefined ? { requestNeeded } : {}),
    })) as { _: string; invite: Invite };
    return { result, text: oneInvite(result) };
  },
};

const revokeCmd: InviteSubcommand = {
  name: 'revoke',
  summary: 'revoke a link (revoking the permanent link creates a new one)',
  takesLink: true,
  options: {},
  optionHelp: '',
  examples: ['tgts invite revoke @my_channel https://t.me/+AbCdEf123'],
  async run({ invoke, peer, link }) {
    const result = (await invoke({ _: 'messages.editExportedChatInvite', peer, link: link!, revoked: true })) as { _: string; invite: Invite };
    return { result, text: oneInvite(result) };
  },
};

const deleteCmd: InviteSubcommand = {
  name: 'delete',
  summary: 'delete a revoked link; user accounts only',
  takesLink: true,
  options: {},
  optionHelp: '',
  examples: ['tgts invite delete @my_channel https://t.me/+AbCdEf123'],
  async run({ invoke, peer, link }) {
    const result = await invoke({ _: 'messages.deleteExportedChatInvite', peer, link: link! });
    return { result, text: result === true ? `deleted ${link}` : `not deleted: ${link}` };
  },
};

const importersCmd: InviteSubcommand = {
  name: 'importers',
  summary: 'who joined through links, or (--requested) who is waiting for approval; user accounts only',
  takesLink: false,
  options: { link: { type: 'string' }, requested: { type: 'boolean' }, query: { type: 'string' }, limit: { type: 'string' } },
  optionHelp: `  --link LINK           only people who used this link
  --requested           pending join requests instead of people who joined
  --query TEXT          filter pending requests by name (with --requested, without --link)
  --limit N             at most N people (default 50)`,
  examples: ['tgts invite importers @my_channel --link https://t.me/+AbCdEf123', 'tgts invite importers @my_channel --requested'],
  check(values) {
    limitOption(values, 50);
    if (str(values, 'query') !== undefined && str(values, 'link') !== undefined) throw new UsageError('--query cannot be combined with --link');
  },
  async run({ invoke, peer, values }) {
    const link = str(values, 'link');
    const q = str(values, 'query');
    const result = (await invoke({
      _: 'messages.getChatInviteImporters',
      peer,
      offsetDate: 0,
      offsetUser: { _: 'inputUserEmpty' },
      limit: limitOption(values, 50),
      ...(flag(values, 'requested') ? { requested: true } : {}),
      ...(link !== undefined ? { link } : {}),
      ...(q !== undefined ? { q } : {}),
    })) as { count: number; importers: ChatInviteImporter[]; users: User[] };
    const text =
      result.importers.length === 0 ? 'nobody' : `${formatImporters(result.importers, result.users)}\n${result.importers.length} of ${result.count}`;
    return { result, text };
  },
};

/** Users with pending requests: their access hashes let `--user 123` work for bots too. */
async function pendingRequesters(invoke: Invoke, peer: InputPeer): Promise<User[]> {
  try {
    const res = (await invoke({
      _: 'messages.getChatInviteImporters',
      peer,
      requested: true,
      offsetDate: 0,
      offsetUser: { _: 'inputUserEmpty' },
      limit: 100,
    })) as { users: User[] };
    return res.users;
  } catch {
    return [];
  }
}

function joinRequestCmd(approve: boolean): InviteSubcommand {
  const verb = approve ? 'approve' : 'decline';
  return {
    name: verb,
    summary: `${verb} a pending join request (or, user accounts only, all of them with --all)`,
    takesLink: false,
    options: { user: { type: 'string' }, all: { type: 'boolean' }, link: { type: 'string' } },
    optionHelp: `  --user USER           the requester: @username or user id
  --all                 ${verb} every pending request (optionally only those of --link)
  --link LINK           with --all: only requests made through this link`,
    examples: [`tgts invite ${verb} @my_channel --user 1000005`, `tgts invite ${verb} @my_channel --all`],
    check(values) {
      const all = flag(values, 'all');
      if (all === (str(values, 'user') !== undefined)) throw new UsageError('give exactly one of --user and --all');
      if (!all && str(values, 'link') !== undefined) throw new UsageError('--link only goes with --all');
    },
    async run({ invoke, peer, values }) {
      if (flag(values, 'all')) {
        const link = str(values, 'link');
        const result = await invoke({
          _: 'messages.hideAllChatJoinRequests',
          peer,
          ...(approve ? { approved: true } : {}),
          ...(link !== undefined ? { link } : {}),
        });
        return { result, text: `${approve ? 'approved' : 'declined'} all pending requests` };
      }
      const userText = str(values, 'user')!;
      const userId = await resolveUser(invoke, userText, '--user', await pendingRequesters(invoke, peer));
      const result = await invoke({ _: 'messages.hideChatJoinRequest', peer, userId, ...(approve ? { approved: true } : {}) });
      return { result, text: `${approve ? 'approved' : 'declined'} the join request of ${userText}` };
    },
  };
}

/** Every subcommand, in help order. */
export const INVITE_SUBCOMMANDS: readonly InviteSubcommand[] = [
  exportCmd,
  listCmd,
  getCmd,
  editCmd,
  revokeCmd,
  deleteCmd,
  importersCmd,
  joinRequestCmd(true),
  joinRequestCmd(false),
];
