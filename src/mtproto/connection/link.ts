/**
 * One encrypted connection: wraps a transport connection in the MTProto 2.0 envelope of one
 * session. Outgoing: salt, session id, msg_id, seqno and encryption. Incoming: decryption, the
 * session id, the msg_id checks and replay window (inner messages of containers included); what
 * passes is handed to one {@link MessageSink}. It knows nothing about requests. Large packets are
 * encrypted and decrypted off the JS thread where the platform can; packets still leave in send
 * order and are handled in arrival order.
 * https://core.telegram.org/mtproto/description, /mtproto/security_guidelines
 * @module
 */
import { decryptMessageInPlace, decryptMessageInPlaceAsync, offThreadCrypto } from '../../crypto/mtproto2.js';
import { Reader, inflateBudget } from '../../tl/runtime/reader.js';
import type { InflateBudget } from '../../tl/runtime/reader.js';
import { read$Any as readMtAny } from '../../tl/generated/mt/read.js';
import type { PacketConnection } from '../../transport/index.js';
import type { MtprotoLogger } from '../clock.js';
import { containerSize, isContainer, unpackContainer, type ContainerMessage } from '../container.js';
import { InOrder } from '../in-order.js';
import type { IncomingMsgIdVerdict } from '../incoming-check.js';
import { decodeEncryptedPlaintext } from '../plaintext.js';
import { sealMessage, sealMessageAsync } from '../seal.js';
import type { SessionState } from './session-state.js';

/** An incoming message after decryption and the msg_id checks. */
export interface IncomingMessage {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
}

/** Where a link delivers what it receives (the request engine). */
export interface MessageSink {
  /**
   * One message (a container's messages one by one), in arrival order, with the inflate budget
   * its packet shares (gzip_packed objects of one packet inflate to a bounded total).
   */
  receive(msg: IncomingMessage, budget: InflateBudget): void;
  /** Whether `msgId` is one of ours still waiting: a notice about it is trusted even outside the time window. */
  isPending(msgId: bigint): boolean;
}

/** One transport connection carrying one session's encrypted messages. */
export class Link {
  /** Messages delivered so far: the connection proved it works. */
  received = 0;
  /** Packets in send order while one is being encrypted off-thread. */
  private readonly outgoing: InOrder;
  /** Packets in arrival order while one is being decrypted off-thread. */
  private readonly incoming: InOrder;

  constructor(
    readonly conn: PacketConnection,
    private readonly state: SessionState,
    private readonly sink: MessageSink,
    private readonly logger: MtprotoLogger | undefined,
  ) {
    // only our own bug can reject an encryption: logged, the message is lost like a dropped write
    this.outgoing = new InOrder((err) => this.logger?.warn('tgts/mtproto: could not encrypt a packet', err));
    this.incoming = new InOrder((err) => this.undecryptable(err));
    conn.onPacket((packet) => this.onPacket(packet));
  }

  /** Whether the transport is gone. */
  get closed(): boolean {
    return this.conn.closed;
  }

  /**
   * Encrypts and sends one message: `body`, or the msg_container of `body` when it is a list (written
   * straight into the packet); false when it could not leave.
   */
  send(msgId: bigint, seqNo: number, body: Uint8Array | readonly ContainerMessage[]): boolean {
    const key = this.state.key;
    if (this.conn.closed || !key) return false;
    const header = { salt: this.state.salts.current, sessionId: this.state.sessionId, msgId, seqNo };
    // a malformed body throws to the caller, as before (both paths lay the packet out synchronously)
    if (offThreadCrypto(body instanceof Uint8Array ? body.length : containerSize(body))) {
      this.outgoing.push(sealMessageAsync(key, 'client', header, body).then((packet) => () => this.write(packet)));
      return true;
    }
    const packet = sealMessage(key, 'client', header, body);
    if (this.outgoing.idle) return this.write(packet);
    this.outgoing.push(() => this.write(packet));
    return true;
  }

  private write(packet: Uint8Array): boolean {
    if (this.conn.closed) return false;
    try {
      this.conn.send(packet, true); // sealed for this send only: the transport may encrypt it in place
      return true;
    } catch (err) {
      this.logger?.debug('tgts/mtproto: send failed', err);
      return false;
    }
  }

  /** Ends the transport connection. */
  close(err?: Error): void {
    this.outgoing.stop();
    this.incoming.stop();
    this.conn.close(err);
  }

  private onPacket(packet: Uint8Array): void {
    const key = this.state.key;
    if (!key) return;
    // the packet is ours (a frame the transport cut or copied out): decrypted where it lies
    if (offThreadCrypto(packet.length)) {
      let opened: Promise<Uint8Array>;
      try {
        opened = decryptMessageInPlaceAsync(key, packet, 'server');
      } catch (err) {
        opened = Promise.reject(err);
      }
      this.incoming.push(opened.then((plain) => () => this.handle(plain)));
      return;
    }
    let plain: Uint8Array;
    try {
      plain = decryptMessageInPlace(key, packet, 'server');
    } catch (err) {
      if (this.incoming.idle) this.undecryptable(err);
      else this.incoming.push(Promise.reject(err));
      return;
    }
    this.incoming.push(() => this.handle(plain));
  }

  /** An undecryptable packet: the stream is corrupted or forged; drop this connection. */
  private undecryptable(err: unknown): void {
    this.logger?.warn('tgts/mtproto: undecryptable packet, reconnecting', err);
    this.close(err instanceof Error ? err : new Error(String(err)));
  }

  /** A decrypted and authenticated packet: the session, msg_id checks and delivery. */
  private handle(plain: Uint8Array): void {
    if (this.conn.closed) return;
    let msg: IncomingMessage & { sessionId: bigint };
    try {
      msg = decodeEncryptedPlaintext(plain);
    } catch (err) {
      this.undecryptable(err);
      return;
    }
    if (msg.sessionId !== this.state.sessionId) {
      this.logger?.debug('tgts/mtproto: ignored a message of another session', msg.sessionId);
      return;
    }
    const verdict = this.state.checkIncoming(msg.msgId);
    if (verdict !== 'ok' && !this.acceptClockFix(msg, verdict)) {
      this.logger?.debug(`tgts/mtproto: ignored message ${msg.msgId}: ${verdict}`);
      return;
    }
    const budget = inflateBudget();
    try {
      if (!isContainer(msg.body)) {
        this.deliver(msg, budget);
        return;
      }
      for (const inner of unpackContainer(msg.body)) {
        const v = this.state.checkIncoming(inner.msgId);
        if (v === 'ok') this.deliver(inner, budget);
        else this.logger?.debug(`tgts/mtproto: ignored inner message ${inner.msgId}: ${v}`);
      }
    } catch (err) {
      this.logger?.warn('tgts/mtproto: dropped a malformed message', err);
    }
  }

  /** Hands one message on; after it the session counts as known to the server. */
  private deliver(msg: IncomingMessage, budget: InflateBudget): void {
    this.received++;
    this.sink.receive(msg, budget);
    this.state.confirmed = true;
  }

  /**
   * With a badly wrong local clock every server message falls outside the time window, including
   * the bad_msg_notification 16/17 that would fix it. Accept that one notification when it names
   * a message we have in flight (so it cannot be an old replay).
   */
  private acceptClockFix(msg: IncomingMessage, verdict: IncomingMsgIdVerdict): boolean {
    if (verdict !== 'too-old' && verdict !== 'too-new') return false;
    let notice;
    try {
      notice = readMtAny(new Reader(msg.body));
    } catch {
      return false;
    }
    if (notice?._ !== 'bad_msg_notification' || (notice.errorCode !== 16 && notice.errorCode !== 17)) return false;
    if (!this.sink.isPending(notice.badMsgId)) return false;
    this.state.seen.add(msg.msgId);
    return true;
  }
}
