/**
 * One client connection of the server: unencrypted packets go to a per-connection key exchange,
 * encrypted ones are looked up by auth_key_id (unknown → transport error −404 and close, as
 * Telegram does), decrypted and routed. Any protocol violation closes this connection only.
 * Outgoing packets pass through the injected faults (delay, duplicate, reorder, drops). Large
 * packets are encrypted and decrypted off the JS thread where the platform can; packets are still
 * handled in arrival order and leave in send order.
 * @module
 */
import { decryptMessageInPlace, decryptMessageInPlaceAsync, offThreadCrypto } from '../../crypto/mtproto2.js';
import type { ServerKeyExchange } from '../../exchange/server-side.js';
import {
  CONTAINER_ENTRY_OVERHEAD,
  CONTAINER_HEADER_SIZE,
  MAX_CONTAINER_BYTES,
  MAX_CONTAINER_MESSAGES,
  decodeEncryptedPlaintext,
} from '../../mtproto/index.js';
import { containerSize } from '../../mtproto/container.js';
import { InOrder } from '../../mtproto/in-order.js';
import { sealMessage, sealMessageAsync } from '../../mtproto/seal.js';
import type { ContainerMessage } from '../../mtproto/index.js';
import type { PacketConnection } from '../../transport/index.js';
import type { DropRule } from './faults.js';
import { hostOf } from './key-presence.js';
import { handleEncryptedMessage } from './incoming.js';
import type { IncomingConnection } from './incoming.js';
import type { ServerInternals } from './internals.js';
import type { AuthKeyRecord } from './auth-keys.js';
import type { OutgoingMessage, ServerSession } from './session.js';

/** A lone reordered packet waits at most this long for a partner. */
const REORDER_FLUSH_MS = 50;

/** Backpressure: a session with this many messages queued pauses reading from its connection. */
const OUTBOX_HIGH = 512;
/** Backpressure: this many bytes buffered in the socket pause reading until they drain. */
const WRITE_HIGH_BYTES = 1024 * 1024;

/** Time limits of one connection (see `TestServerOptions`). */
export interface ConnectionTimeouts {
  /** From accept until a key exchange completes or a packet of a known key decrypts, ms. */
  handshakeMs: number;
  /** Longest time without a complete packet, ms. */
  idleMs: number;
}

/** The −404 transport error packet. */
function transportError(code: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, code, true);
  return out;
}

function readAuthKeyId(packet: Uint8Array): bigint {
  return new DataView(packet.buffer, packet.byteOffset, 8).getBigInt64(0, true);
}

/** Splits messages into groups that each fit one container. */
function chunk(messages: OutgoingMessage[]): OutgoingMessage[][] {
  const out: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = CONTAINER_HEADER_SIZE;
  for (const m of messages) {
    const add = CONTAINER_ENTRY_OVERHEAD + m.body.length;
    if (current.length > 0 && (size + add > MAX_CONTAINER_BYTES || current.length >= MAX_CONTAINER_MESSAGES)) {
      out.push(current);
      current = [];
      size = CONTAINER_HEADER_SIZE;
    }
    current.push(m);
    size += add;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Server side of one connection. */
export class ServerConnection implements IncomingConnection {
  private exchange: ServerKeyExchange | undefined;
  private encryptedPackets = 0;
  private readonly draws = new Map<DropRule, boolean>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private disconnectTimer: NodeJS.Timeout | undefined;
  private held: Uint8Array | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastPacketAt = 0;
  private paused = false;
  /** The auth key whose use from this address was last noted (AUTH_KEY_DUPLICATED). */
  private presentAs: bigint | undefined;
  /** Packets in arrival order while one is being decrypted off-thread. */
  private readonly incoming = new InOrder((err) => this.failed(err));
  /** Packets in send order while one is being encrypted off-thread (only our own bug rejects). */
  private readonly outgoing = new InOrder((err) => this.core.logger.error('could not send a packet', err));

  constructor(
    readonly conn: PacketConnection,
    private readonly core: ServerInternals,
    private readonly onEnd: (c: ServerConnection) => void,
    private readonly timeouts?: ConnectionTimeouts,
  ) {
    conn.onClose(() => this.cleanup());
    conn.onPacket((packet) => this.onPacket(packet));
    if (timeouts) {
      this.lastPacketAt = Date.now();
      this.handshakeTimer = setTimeout(() => this.expire('no key exchange or known key', timeouts.handshakeMs), timeouts.handshakeMs);
      this.handshakeTimer.unref();
      this.armIdle(timeouts.idleMs);
    }
  }

  /** Closes the connection after `ms` without a complete packet (a trickle of bytes does not count). */
  private armIdle(ms: number): void {
    this.idleTimer = setTimeout(() => {
      const quiet = Date.now() - this.lastPacketAt;
      if (quiet >= ms) this.expire('idle', ms);
      else this.armIdle(ms - quiet);
    }, ms);
    this.idleTimer.unref();
  }

  private expire(why: string, ms: number): void {
    this.core.logger.debug(`closing ${this.conn.info.remote}: ${why} for ${ms} ms`);
    this.close();
  }

  /** The peer proved it speaks MTProto (a finished key exchange or a packet of a known key). */
  private established(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
  }

  get closed(): boolean {
    return this.conn.closed;
  }

  /** Ends the connection (error: drop at once). */
  close(err?: Error): void {
    if (!this.conn.closed) this.conn.close(err);
    this.cleanup();
  }

  private cleanup(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    this.disconnectTimer = undefined;
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.handshakeTimer = this.idleTimer = undefined;
    this.held = undefined;
    this.incoming.stop();
    this.outgoing.stop();
    this.core.presence.leave(this);
    this.onEnd(this);
  }

  private timer(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private onPacket(packet: Uint8Array): void {
    if (this.conn.closed) return;
    this.lastPacketAt = Date.now();
    let step: (() => void) | Promise<() => void> | undefined;
    try {
      step = this.openPacket(packet);
    } catch (err) {
      if (this.incoming.idle) this.failed(err);
      else this.incoming.push(Promise.reject(err));
      return;
    }
    if (step) this.incoming.push(step);
  }

  private failed(err: unknown): void {
    this.core.logger.debug(`closing connection ${this.conn.info.remote}`, err);
    this.close(err instanceof Error ? err : new Error(String(err)));
  }

  /** Runs one packet's step; any protocol violation closes the connection. */
  private guarded(fn: () => void): () => void {
    return () => {
      if (this.conn.closed) return;
      try {
        fn();
      } catch (err) {
        this.failed(err);
      }
    };
  }

  /** What to do with `packet` in its turn, after its decryption (undefined: nothing). */
  private openPacket(packet: Uint8Array): (() => void) | Promise<() => void> | undefined {
    if (packet.length < 8) throw new Error(`packet of ${packet.length} bytes is too short`);
    const authKeyId = readAuthKeyId(packet);
    if (authKeyId === 0n) return this.guarded(() => this.exchangeStep(packet));
    if (this.shouldDrop('messages') || this.shouldDrop('bytes')) return undefined;
    this.encryptedPackets++;
    const key = this.core.keys.get(authKeyId);
    if (!key) return this.guarded(() => this.unknownKey(authKeyId));
    // the packet is this connection's own frame, dropped after this: decrypted where it lies
    if (offThreadCrypto(packet.length)) {
      return decryptMessageInPlaceAsync(key.key, packet, 'client').then((plaintext) => this.guarded(() => this.handleDecrypted(authKeyId, key, plaintext, true)));
    }
    const plaintext = decryptMessageInPlace(key.key, packet, 'client');
    return this.guarded(() => this.handleDecrypted(authKeyId, key, plaintext, false));
  }

  private exchangeStep(packet: Uint8Array): void {
    this.exchange ??= this.core.createKeyExchange();
    const step = this.exchange.handlePacket(packet);
    if (step.done) {
      // registered (and stored, with a data directory) before dh_gen_ok tells the client it may use it
      this.exchange = undefined;
      this.core.onAuthKeyCreated(step.done);
      this.established();
    }
    if (step.reply) this.conn.send(step.reply);
  }

  private unknownKey(authKeyId: bigint): void {
    this.core.logger.debug(`unknown auth_key_id ${authKeyId} from ${this.conn.info.remote}`);
    this.conn.send(transportError(-404));
    this.conn.close();
  }

  private handleDecrypted(authKeyId: bigint, key: AuthKeyRecord, plaintext: Uint8Array, later: boolean): void {
    // decrypted off-thread: the key may have been destroyed meanwhile
    if (later && !this.core.keys.get(authKeyId)) {
      this.unknownKey(authKeyId);
      return;
    }
    if (this.presentAs !== key.id) {
      this.presentAs = key.id;
      if (this.core.presence.see(this.core.keys.effective(key).id, this, hostOf(this.conn.info.remote))) this.core.keys.setUser(key, undefined);
    }
    const envelope = decodeEncryptedPlaintext(plaintext);
    this.established();
    const session = handleEncryptedMessage(this.core, this, key, envelope);
    if (session.queued >= OUTBOX_HIGH) this.throttle();
  }

  /**
   * Backpressure: stop reading (and delivering packets already read) while answers pile up, so a
   * client that sends faster than it reads is slowed down instead of losing answers. Reading
   * resumes once the queued messages are written and the socket buffer has drained.
   */
  private throttle(): void {
    if (this.paused || this.conn.closed || !this.conn.pause) return;
    this.paused = true;
    this.conn.pause();
    // the sessions flush on a microtask; by the next macrotask everything queued is written
    setImmediate(() => this.resumeWhenDrained());
  }

  private resumeWhenDrained(): void {
    if (this.conn.closed) return;
    if ((this.conn.writeBuffered ?? 0) > WRITE_HIGH_BYTES && this.conn.onDrain) {
      this.conn.onDrain(() => this.resumeWhenDrained());
      return;
    }
    this.paused = false;
    this.conn.resume?.();
  }

  /** Checks the drop rules for `metric`; closes the connection and returns true when one fires. */
  private shouldDrop(metric: 'bytes' | 'messages'): boolean {
    for (const rule of this.core.faults.dropRules) {
      if (rule.metric !== metric) continue;
      let applies = this.draws.get(rule);
      if (applies === undefined) {
        applies = rule.draw();
        this.draws.set(rule, applies);
      }
      if (!applies) continue;
      const value = metric === 'bytes' ? this.conn.bytesIn + this.conn.bytesOut : this.encryptedPackets;
      if (value >= rule.limit) {
        if (rule.once) this.core.faults.disarm(rule);
        this.core.logger.debug(`fault: dropping ${this.conn.info.remote} after ${value} ${metric}`);
        this.close();
        return true;
      }
    }
    return false;
  }

  /** Encrypts `messages` of `session` (in containers when several) and sends them. */
  sendMessages(session: ServerSession, messages: OutgoingMessage[]): void {
    if (this.conn.closed) {
      session.outbox.push(...messages);
      return;
    }
    const key = session.authKey;
    for (const group of chunk(messages)) {
      let msgId: bigint;
      let seqNo: number;
      let body: Uint8Array | readonly ContainerMessage[];
      if (group.length === 1) {
        ({ msgId, seqNo, body } = group[0]!);
      } else {
        msgId = this.core.nextMsgId('service');
        seqNo = session.seqNo.next(false);
        body = group; // written into the packet as a msg_container
      }
      try {
        const header = { salt: key.salts.current(), sessionId: session.sessionId, msgId, seqNo };
        if (offThreadCrypto(body instanceof Uint8Array ? body.length : containerSize(body))) {
          this.outgoing.push(sealMessageAsync(key.key, 'server', header, body).then((packet) => () => this.sendPacket(packet)));
        } else {
          const packet = sealMessage(key.key, 'server', header, body);
          if (this.outgoing.idle) this.sendPacket(packet);
          else this.outgoing.push(() => this.sendPacket(packet));
        }
      } catch (err) {
        // Only our own bug can get here (rpc.ts caps result sizes); never let it escape a microtask.
        this.core.logger.error('could not send a packet', err);
      }
    }
  }

  private sendPacket(packet: Uint8Array): void {
    const faults = this.core.faults;
    if (faults.replyDelayMs > 0) this.timer(faults.replyDelayMs, () => this.sendShuffled(packet));
    else this.sendShuffled(packet);
  }

  private sendShuffled(packet: Uint8Array): void {
    if (!this.core.faults.reorder) {
      if (this.held) {
        const h = this.held;
        this.held = undefined;
        this.write(h);
      }
      this.write(packet);
      return;
    }
    if (this.held) {
      const h = this.held;
      this.held = undefined;
      this.write(packet);
      this.write(h);
      return;
    }
    this.held = packet;
    this.timer(REORDER_FLUSH_MS, () => {
      if (this.held === packet) {
        this.held = undefined;
        this.write(packet);
      }
    });
  }

  private write(packet: Uint8Array): void {
    if (this.conn.closed) return;
    const duplicate = this.core.faults.duplicate;
    this.conn.send(packet, !duplicate); // handed over unless it must go out twice
    if (duplicate && !this.conn.closed) this.conn.send(packet);
    this.shouldDrop('bytes');
    if ((this.conn.writeBuffered ?? 0) > WRITE_HIGH_BYTES) this.throttle();
  }

  /** ping_delay_disconnect: (re)arms the timer closing this connection. */
  armDisconnect(seconds: number): void {
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    const ms = Math.max(0, Math.min(seconds, 24 * 3600)) * 1000;
    this.disconnectTimer = setTimeout(() => {
      this.disconnectTimer = undefined;
      this.core.logger.debug(`ping_delay_disconnect: closing ${this.conn.info.remote}`);
      this.close();
    }, ms);
  }
}
