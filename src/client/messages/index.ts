/**
 * Message helpers: keyboard builders (no network) and send / edit / delete / forward / pin / read / typing.
 * @module
 */
export { button, type ButtonOptions, type ChosenChatType } from './buttons.js';
export {
  inlineKeyboard,
  replyKeyboard,
  removeKeyboard,
  forceReply,
  buttonRows,
  checkReplyMarkup,
  type InlineButton,
  type ReplyButton,
  type ReplyKeyboardOptions,
} from './keyboards.js';
export { KEYBOARD_LIMITS, URL_BUTTON_SCHEMES } from './keyboard-rules.js';
export { sendText, replyToOf, type SendTextOptions, type SplitSendOptions } from './send.js';
export { editText, type EditTextOptions } from './edit.js';
export { deleteMessages, type DeleteMessagesOptions } from './delete.js';
export { forwardMessages, type ForwardOptions } from './forward.js';
export { pinMessage, unpinMessage, type PinOptions } from './pin.js';
export { readHistory } from './read.js';
export { setTyping, withTyping, typingAction, type TypingAction, type SetTypingOptions, type WithTypingOptions } from './typing.js';
export { randomId } from './random-id.js';
export { MessageResultError } from './errors.js';
export type { TextFormatOptions } from './formatted.js';
export { messagesRoom, type MessagesRoom } from './room.js';
