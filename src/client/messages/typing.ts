/**
 * Chat actions ("typing…", "sending a photo… 40%"): `setTyping` sends one `messages.setTyping`;
 * `withTyping` keeps an action shown while an async function runs. Telegram clears an action after
 * about 5–6 s, so it is re-sent every 4.5 s, and cancelled (`sendMessageCancelAction`) at the end.
 * The re-send timer never keeps the process alive on its own and is cleared when the function settles
 * or the caller's signal fires.
 * @module
 */
import { CancelledError } from '../../errors.js';
import type { InputPeer, SendMessageAction } from '../../tl/index.js';
import { sleep, type Clock } from '../clock.js';
import { invokeOptionsOf } from '../invoke/pick.js';
import type { InvokeOptions } from '../invoke/types.js';
import { resolvePeer, type PeerContext, type PeerInput } from '../peers/resolve.js';

/** The common actions by name, or any `SendMessageAction` object. */
export type TypingAction =
  | 'typing'
  | 'cancel'
  | 'uploadPhoto'
  | 'uploadDocument'
  | 'uploadVideo'
  | 'uploadAudio'
  | 'recordVideo'
  | 'recordAudio'
  | 'chooseSticker'
  | 'chooseContact'
  | 'geoLocation'
  | SendMessageAction;

/** Options of {@link setTyping}. */
export interface SetTypingOptions extends InvokeOptions {
  /** Upload progress in percent (0–100) for the `upload…` actions. */
  progress?: number;
  /** The forum topic (or thread) the action is shown in. */
  topMsgId?: number;
}

/** The `SendMessageAction` of `action` (`progress` for the upload actions, clamped to 0–100). */
export function typingAction(action: TypingAction, progress = 0): SendMessageAction {
  if (typeof action !== 'string') return action;
  const p = Math.max(0, Math.min(100, Math.round(progress)));
  switch (action) {
    case 'typing':
      return { _: 'sendMessageTypingAction' };
    case 'cancel':
      return { _: 'sendMessageCancelAction' };
    case 'uploadPhoto':
      return { _: 'sendMessageUploadPhotoAction', progress: p };
    case 'uploadDocument':
      return { _: 'sendMessageUploadDocumentAction', progress: p };
    case 'uploadVideo':
      return { _: 'sendMessageUploadVideoAction', progress: p };
    case 'uploadAudio':
      return { _: 'sendMessageUploadAudioAction', progress: p };
    case 'recordVideo':
      return { _: 'sendMessageRecordVideoAction' };
    case 'recordAudio':
      return { _: 'sendMessageRecordAudioAction' };
    case 'chooseSticker':
      return { _: 'sendMessageChooseStickerAction' };
    case 'chooseContact':
      return { _: 'sendMessageChooseContactAction' };
    case 'geoLocation':
      return { _: 'sendMessageGeoLocationAction' };
  }
}

async function invokeTyping(ctx: PeerContext, peer: InputPeer, action: SendMessageAction, topMsgId: number | undefined, options: InvokeOptions): Promise<void> {
  await ctx.invoke({ _: 'messages.setTyping', peer, ...(topMsgId !== undefined ? { topMsgId } : {}), action }, options);
}

/**
 * Shows `action` (default "typing") in `peer` for the other participants, once (Telegram clears it after
 * ~5 s or when a message arrives); `'cancel'` clears it.
 *
 * @example
 * ```ts
 * await setTyping(ctx, chat, 'uploadPhoto', { progress: 40 });
 * ```
 */
export async function setTyping(ctx: PeerContext, peer: PeerInput, action: TypingAction = 'typing', options: SetTypingOptions = {}): Promise<void> {
  const input = await resolvePeer(ctx, peer);
  await invokeTyping(ctx, input, typingAction(action, options.progress), options.topMsgId, invokeOptionsOf(options));
}

/** Options of {@link withTyping}. */
export interface WithTypingOptions extends InvokeOptions {
  /** The action to keep shown (default `'typing'`). */
  action?: TypingAction;
  /** Upload progress, read before every re-send (a number, or a function for a running upload). */
  progress?: number | (() => number);
  /** The forum topic (or thread). */
  topMsgId?: number;
  /** Re-send period in ms (default 4500; Telegram drops an action after ~5–6 s). */
  intervalMs?: number;
  /** Where a failed send is reported (default: ignored; the action is cosmetic and `fn` goes on). */
  onError?: (error: unknown) => void;
  /** Time source (tests pass a `ManualClock`); default real time with an unref'd timer. */
  clock?: Pick<Clock, 'sleep'>;
}

/** Real time, with a timer that does not hold the process open and is cleared on abort. */
const unrefClock: Pick<Clock, 'sleep'> = { sleep: (ms, signal) => sleep(ms, signal, true) };

/**
 * Runs `fn` while `peer` sees the action: sent at once, re-sent every `intervalMs`, cancelled when `fn`
 * settles (returns or throws) or `options.signal` fires. `fn` gets a signal that fires with the
 * caller's. Resolves (or rejects) with `fn`'s result.
 *
 * @example
 * ```ts
 * const report = await withTyping(ctx, chat, () => buildReport());
 * await withTyping(ctx, chat, () => upload(file, { onProgress: (p) => (pct = p) }), { action: 'uploadDocument', progress: () => pct });
 * ```
 */
export async function withTyping<T>(ctx: PeerContext, peer: PeerInput, fn: (signal: AbortSignal) => Promise<T>, options: WithTypingOptions = {}): Promise<T> {
  const outer = options.signal;
  if (outer?.aborted) throw CancelledError.fromSignal(outer);
  const input = await resolvePeer(ctx, peer);
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  const clock = options.clock ?? unrefClock;
  const interval = Math.max(1, options.intervalMs ?? 4500);
  const action = options.action ?? 'typing';
  const progress = (): number => (typeof options.progress === 'function' ? options.progress() : (options.progress ?? 0));
  const call: InvokeOptions = { ...invokeOptionsOf(options), signal: stop.signal };
  const report = (error: unknown): void => {
    if (!stop.signal.aborted) options.onError?.(error);
  };
  const keepAlive = (async () => {
    while (!stop.signal.aborted) {
      await invokeTyping(ctx, input, typingAction(action, progress()), options.topMsgId, call).catch(report);
      try {
        await clock.sleep(interval, stop.signal);
      } catch {
        return; // stopped
      }
    }
  })();
  try {
    return await fn(stop.signal);
  } finally {
    stop.abort();
    outer?.removeEventListener('abort', onAbort);
    await keepAlive;
    // best effort: without it the others see the action until Telegram's own timeout
    const cancelOptions = invokeOptionsOf(options);
    delete cancelOptions.signal; // the caller's signal may have fired: the cancel still goes out
    await invokeTyping(ctx, input, { _: 'sendMessageCancelAction' }, options.topMsgId, cancelOptions).catch((error: unknown) => options.onError?.(error));
  }
}
