/**
 * Telegram links that name a peer or a message (spec `messages.md` §8.5): `t.me` / `telegram.me` /
 * `telegram.dog` / `<name>.t.me` (with or without `https://`) and `tg://resolve`, `tg://join`,
 * `tg://privatepost`, `tg://user`.
 * @module
 */
import { BadArgumentError } from '../../errors.js';
import { fromBotApiId, toBotApiId } from './bot-api-ids.js';
import { INVITE_HASH, LINK_HOSTS, NON_PEER_PATHS, START_PARAMETER } from './rules.js';
import { checkUsername, phoneDigits } from './syntax.js';
import type { MessageLinkOptions, ParsedPeer } from './types.js';

const WEB_LINK = /^(?:https?:\/\/)?(?:www\.)?([A-Za-z0-9_.-]+)(\/[^?#]*)?(?:\?([^#]*))?(?:#.*)?$/i;
const SUBDOMAIN = /^([a-z0-9_]+)\.t\.me$/;

function bad(input: string, problem: string): never {
  throw new BadArgumentError('peer', `${JSON.stringify(input)}: ${problem}`);
}

/** A positive 32-bit id (message, topic, comment), or a BadArgumentError naming `what`. */
function positive(value: string | null | undefined, what: string, input: string): number {
  if (value == null || !/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > 0x7fffffff) {
    return bad(input, `${what} must be a positive integer, got ${JSON.stringify(value ?? '')}`);
  }
  return Number(value);
}

/** `?t=` as seconds: `90`, `1m30s`, `1h2m3s`; undefined when absent or unreadable (it is only a hint). */
function mediaTimestamp(value: string | null): number | undefined {
  if (value === null) return undefined;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(value);
  if (!m || value === '') return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function messageOptions(params: URLSearchParams, input: string, topic: number | undefined): MessageLinkOptions {
  const options: MessageLinkOptions = {};
  const thread = params.get('thread') ?? params.get('topic');
  if (topic !== undefined) options.threadId = topic;
  else if (thread !== null) options.threadId = positive(thread, 'thread', input);
  const comment = params.get('comment');
  if (comment !== null) options.commentId = positive(comment, 'comment', input);
  if (params.has('single')) options.single = true;
  const t = mediaTimestamp(params.get('t'));
  if (t !== undefined) options.mediaTimestamp = t;
  return options;
}

function usernamePeer(name: string, params: URLSearchParams, input: string): ParsedPeer {
  const username = checkUsername(name, input);
  const start = params.get('start');
  if (start === null) return { kind: 'username', username };
  if (!START_PARAMETER.test(start)) bad(input, 'the start parameter must be 1–64 characters of A-Z a-z 0-9 _ -');
  return { kind: 'username', username, start };
}

function invitePeer(hash: string, input: string): ParsedPeer {
  if (!INVITE_HASH.test(hash)) bad(input, 'an invite hash is 1–64 characters of A-Z a-z 0-9 _ -');
  return { kind: 'invite', hash };
}

function channelMessage(channel: string, post: string | null | undefined, topic: number | undefined, params: URLSearchParams, input: string): ParsedPeer {
  const channelId = /^\d{1,13}$/.test(channel) ? Number(channel) : 0;
  try {
    toBotApiId('channel', channelId);
  } catch {
    bad(input, `${JSON.stringify(channel)} is not a valid channel id`);
  }
  const messageId = positive(post, 'the message id', input);
  return { kind: 'channelMessage', channelId, messageId, ...messageOptions(params, input, topic) };
}

/** `t.me/<segments>?<params>` once the host is known to be Telegram's. */
function webPath(segments: string[], params: URLSearchParams, input: string): ParsedPeer {
  const [first = '', second, third, fourth] = segments;
  if (first === '') bad(input, 'a t.me link needs a path');
  if (segments.length > (first.toLowerCase() === 'c' ? 4 : 3)) bad(input, 'too many path segments for a peer or message link');
  if (first.startsWith('+')) {
    const rest = first.slice(1);
    return /^\d+$/.test(rest) ? { kind: 'phone', phone: phoneDigits(rest, input) } : invitePeer(rest, input);
  }
  const lower = first.toLowerCase();
  if (lower === 'joinchat') return invitePeer(second ?? '', input);
  if (lower === 'c') {
    if (third === undefined) bad(input, 't.me/c/ links need a channel id and a message id');
    if (fourth !== undefined) return channelMessage(second!, fourth, positive(third, 'the topic id', input), params, input);
    return channelMessage(second!, third, undefined, params, input);
  }
  if (lower === 's' && second !== undefined) return usernamePeer(second, params, input);
  if (NON_PEER_PATHS.has(lower)) bad(input, `t.me/${first}/ links do not name a peer`);
  if (second === undefined) return usernamePeer(first, params, input);
  return messageLink(first, third !== undefined ? [second, third] : [second], params, input);
}

/** `name/<msg>` or `name/<topic>/<msg>`. */
function messageLink(name: string, rest: string[], params: URLSearchParams, input: string): ParsedPeer {
  const username = checkUsername(name, input);
  const topic = rest.length === 2 ? positive(rest[0], 'the topic id', input) : undefined;
  const messageId = positive(rest[rest.length - 1], 'the message id', input);
  return { kind: 'message', username, messageId, ...messageOptions(params, input, topic) };
}

/** `tg://<host>?<params>`. */
function tgLink(s: string, input: string): ParsedPeer {
  let rest = s.slice(3);
  if (rest.startsWith('//')) rest = rest.slice(2);
  const q = rest.indexOf('?');
  const host = (q < 0 ? rest : rest.slice(0, q)).replace(/\/$/, '').toLowerCase();
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1).replace(/#.*$/, ''));
  switch (host) {
    case 'resolve': {
      const domain = params.get('domain');
      const phone = params.get('phone');
      if (domain === null) {
        if (phone !== null) return { kind: 'phone', phone: phoneDigits(phone, input) };
        return bad(input, 'tg://resolve needs domain= or phone=');
      }
      const post = params.get('post');
      if (post === null) return usernamePeer(domain, params, input);
      return { kind: 'message', username: checkUsername(domain, input), messageId: positive(post, 'the message id', input), ...messageOptions(params, input, undefined) };
    }
    case 'join':
      return invitePeer(params.get('invite') ?? '', input);
    case 'privatepost':
      return channelMessage(params.get('channel') ?? '', params.get('post'), undefined, params, input);
    case 'user': {
      const id = params.get('id');
      const { type, id: userId } = fromBotApiId(positive(id, 'the user id', input));
      if (type !== 'user') bad(input, 'not a user id');
      return { kind: 'id', type, id: userId, botApiId: userId };
    }
    default:
      return bad(input, `tg://${host} links do not name a peer`);
  }
}

/**
 * The peer a link names, or undefined when `s` is not a link at all (so it may be a bare username).
 * @throws BadArgumentError for a link that names no peer or is malformed.
 */
export function parseLink(s: string, input: string): ParsedPeer | undefined {
  if (/^tg:/i.test(s)) return tgLink(s, input);
  const hasScheme = /^https?:\/\//i.test(s);
  if (!hasScheme && !s.includes('.')) return undefined;
  const m = WEB_LINK.exec(s);
  if (!m) return hasScheme ? bad(input, 'not a valid link') : undefined;
  const host = m[1]!.toLowerCase();
  let path: string[];
  try {
    path = (m[2] ?? '').split('/').filter((x) => x.length > 0).map((x) => decodeURIComponent(x));
  } catch {
    return bad(input, 'the path has a malformed %-escape');
  }
  const params = new URLSearchParams(m[3] ?? '');
  if (LINK_HOSTS.has(host)) return webPath(path, params, input);
  const sub = SUBDOMAIN.exec(host);
  if (sub && sub[1] !== 'www') {
    if (path.length === 0) return usernamePeer(sub[1]!, params, input);
    if (path.length > 2) bad(input, 'too many path segments for a message link');
    return messageLink(sub[1]!, path, params, input);
  }
  return hasScheme || /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(s) ? bad(input, `${host} is not a Telegram link host (t.me, telegram.me, telegram.dog)`) : undefined;
}
