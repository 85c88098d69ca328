/** Reply markup of bot messages (spec/messages.md §9.5): checked, input buttons turned into stored ones. */
import type { KeyboardButton, KeyboardButtonRow, ReplyMarkup } from '../../../tl/index.js';
import { resolveInputUser } from '../access.js';
import type { UserRecord } from '../types.js';
import type { World } from '../world.js';
import { messageFail } from './errors.js';

/** Buttons an inline keyboard may not hold. */
const REPLY_ONLY = new Set<KeyboardButton['_']>([
  'keyboardButton',
  'keyboardButtonRequestPhone',
  'keyboardButtonRequestGeoLocation',
  'keyboardButtonRequestPoll',
  'keyboardButtonRequestPeer',
  'inputKeyboardButtonRequestPeer',
  'keyboardButtonSimpleWebView',
]);

/** Buttons a reply keyboard may not hold. */
const INLINE_ONLY = new Set<KeyboardButton['_']>([
  'keyboardButtonUrl',
  'keyboardButtonCallback',
  'keyboardButtonSwitchInline',
  'keyboardButtonGame',
  'keyboardButtonBuy',
  'keyboardButtonUrlAuth',
  'inputKeyboardButtonUrlAuth',
  'keyboardButtonUserProfile',
  'inputKeyboardButtonUserProfile',
  'keyboardButtonWebView',
  'keyboardButtonCopy',
]);

function storedButton(world: World, caller: UserRecord, b: KeyboardButton, index: number): KeyboardButton {
  const style = 'style' in b && b.style ? { style: b.style } : {};
  switch (b._) {
    case 'keyboardButtonCallback':
      if (b.data.length < 1 || b.data.length > world.messageSwitches.callbackDataMax) messageFail('buttonDataInvalid');
      return b;
    case 'inputKeyboardButtonUrlAuth':
      return { _: 'keyboardButtonUrlAuth', text: b.text, url: b.url, buttonId: index, ...(b.fwdText !== undefined ? { fwdText: b.fwdText } : {}), ...style };
    case 'inputKeyboardButtonUserProfile': {
      const user = resolveInputUser(world, caller, b.userId);
      if (!user) messageFail('buttonTypeInvalid');
      return { _: 'keyboardButtonUserProfile', text: b.text, userId: user.id, ...style };
    }
    case 'inputKeyboardButtonRequestPeer':
      return { _: 'keyboardButtonRequestPeer', text: b.text, buttonId: b.buttonId, peerType: b.peerType, maxQuantity: b.maxQuantity, ...style };
    default:
      return b;
  }
}

function rows(world: World, caller: UserRecord, input: KeyboardButtonRow[], inline: boolean): KeyboardButtonRow[] {
  const s = world.messageSwitches;
  const perRow = inline ? s.inlineRowMax : s.replyRowMax;
  const total = inline ? s.inlineButtonsMax : s.replyButtonsMax;
  let count = 0;
  let index = 0;
  return input.map((row) => {
    if (row.buttons.length > perRow) messageFail('replyMarkupTooLong');
    count += row.buttons.length;
    if (count > total) messageFail('replyMarkupTooLong');
    return {
      _: 'keyboardButtonRow',
      buttons: row.buttons.map((b) => {
        if ((inline ? REPLY_ONLY : INLINE_ONLY).has(b._)) messageFail('buttonTypeInvalid');
        return storedButton(world, caller, b, index++);
      }),
    };
  });
}

/**
 * The markup a message is stored with: undefined for non-bots (dropped, spec §2.7) and when absent; reply
 * keyboards refused in broadcast channels. Throws `REPLY_MARKUP_TOO_LONG`, `BUTTON_TYPE_INVALID`,
 * `BUTTON_DATA_INVALID`, `REPLY_MARKUP_INVALID`.
 */
export function storedMarkup(world: World, caller: UserRecord, markup: ReplyMarkup | undefined, broadcast: boolean): ReplyMarkup | undefined {
  if (!markup || !caller.bot) return undefined;
  switch (markup._) {
    case 'replyInlineMarkup':
      return { _: 'replyInlineMarkup', rows: rows(world, caller, markup.rows, true) };
    case 'replyKeyboardMarkup':
      if (broadcast) messageFail('replyMarkupInvalid');
      return { ...markup, rows: rows(world, caller, markup.rows, false) };
    default:
      if (broadcast) messageFail('replyMarkupInvalid');
      return markup;
  }
}
