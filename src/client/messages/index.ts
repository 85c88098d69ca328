/**
 * Message helpers that need no network: keyboard builders.
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
