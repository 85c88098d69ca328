/**
 * The neutral shape every converter reads into and writes from: what one library's session
 * says about an account, independent of how that library stored it.
 *
 * @module
 */
import type { ForeignSessionFormat } from '../storage/session/foreign.js';
import type { ChannelPosition, CommonUpdatesState, PeerRecord } from '../storage/types.js';

/** Every format the converters know: tgts's own and other libraries'. */
export type SessionFormat = 'tgts' | 'tgts-file' | 'tgts-sqlite' | ForeignSessionFormat;

/** Formats a session can be exported to as a string. */
export type StringSessionFormat = 'tgts' | 'gramjs' | 'telethon' | 'pyrogram' | 'mtcute';

/** What detection found: the format, which layout of it, and a human name. */
export interface DetectedSession {
  format: SessionFormat;
  /** Layout within the format (`'v1'`, `'2.x'`, `'v3'`, `'modern'`, …). */
  variant: string;
  /** `'Telethon session string'`, `'Telegram Desktop tdata folder'`, … */
  label: string;
}

/** One DC as a session knows it. */
export interface PortableDc {
  id: number;
  /** Permanent auth key, 256 bytes. */
  authKey?: Uint8Array;
  /** Address, when the format stores one. */
  host?: string;
  port?: number;
  /** Last server salt (tgts formats only). */
  salt?: bigint;
  /** Server time minus local time, seconds (tgts formats only). */
  timeOffset?: number;
}

/**
 * A session in neutral form. Every importer returns one whose primary DC has an auth key;
 * every exporter takes one.
 */
export interface PortableSession {
  /** Where it came from. */
  source: DetectedSession;
  /** Primary DC, where the account lives. */
  dcId: number;
  /** Telegram's test environment. */
  testMode: boolean;
  /** Known DCs (the primary first); at least the primary with its auth key. */
  dcs: PortableDc[];
  /** The signed-in account, when the format records it (`bot` undefined when it does not say). */
  user?: { id: number; bot?: boolean };
  /** The app id the session was made with (Pyrogram 2.x records it). */
  apiId?: number;
  /** Users, chats and channels with access hashes (Telethon `.session` files). */
  peers: PeerRecord[];
  /** Positions of the updates engine, when the format keeps them. */
  updates?: { common?: CommonUpdatesState; channels: ChannelPosition[] };
}
