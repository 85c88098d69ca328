/** Keyboard builders: the TL objects they make, the limits they enforce, and that the codec accepts them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  button,
  checkReplyMarkup,
  buttonRows,
  forceReply,
  inlineKeyboard,
  KEYBOARD_LIMITS,
  removeKeyboard,
  replyKeyboard,
} from '../../../src/client/messages/index.js';
import { BadArgumentError } from '../../../src/errors.js';
import { decode, encode, type ReplyMarkup } from '../../../src/tl/index.js';

function refuses(fn: () => unknown, field: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof BadArgumentError && e.field === field && message.test(e.message), `${field} ${message}`);
}

test('inline keyboard with every inline button kind, and it survives the TL codec', () => {
  const markup = inlineKeyboard([
    [button.callback('Yes', 'vote:yes'), button.callback('Bytes', new Uint8Array([0, 255]), { requiresPassword: true })],
    [button.url('Docs', 'https://core.telegram.org'), button.url('Profile', 'tg://user?id=42')],
    [button.switchInline('Here', 'q', { currentChat: true }), button.switchInline('Pick', 'q', { chatTypes: ['users', 'groups'] }), button.switchInline('Any')],
    [button.login('Log in', 'https://example.com/login', { forwardText: 'Log in to example', requestWriteAccess: true })],
    [button.copy('Copy', 'PROMO-2026'), button.webApp('App', 'https://example.com/app'), button.userProfile('Ann', { _: 'inputUser', userId: 5, accessHash: 7n })],
  ]);
  assert.deepEqual(markup.rows[0]!.buttons[0], { _: 'keyboardButtonCallback', text: 'Yes', data: new TextEncoder().encode('vote:yes') });
  assert.deepEqual(markup.rows[0]!.buttons[1], { _: 'keyboardButtonCallback', text: 'Bytes', data: new Uint8Array([0, 255]), requiresPassword: true });
  assert.deepEqual(markup.rows[2]!.buttons, [
    { _: 'keyboardButtonSwitchInline', text: 'Here', query: 'q', samePeer: true },
    {
      _: 'keyboardButtonSwitchInline',
      text: 'Pick',
      query: 'q',
      peerTypes: [{ _: 'inlineQueryPeerTypePM' }, { _: 'inlineQueryPeerTypeChat' }, { _: 'inlineQueryPeerTypeMegagroup' }],
    },
    { _: 'keyboardButtonSwitchInline', text: 'Any', query: '' },
  ]);
  assert.deepEqual(markup.rows[3]!.buttons[0], {
    _: 'inputKeyboardButtonUrlAuth',
    text: 'Log in',
    url: 'https://example.com/login',
    bot: { _: 'inputUserSelf' },
    fwdText: 'Log in to example',
    requestWriteAccess: true,
  });
  assert.deepEqual(markup.rows[4]!.buttons.map((b) => b._), ['keyboardButtonCopy', 'keyboardButtonWebView', 'inputKeyboardButtonUserProfile']);
  assert.deepEqual(encode(decode(encode(markup)) as ReplyMarkup), encode(markup));
});

test('reply keyboard: strings, request buttons, options; web app becomes a simple web view', () => {
  const markup = replyKeyboard(
    [
      ['A', button.text('B')],
      [button.requestContact('Phone'), button.requestLocation('Where'), button.requestPoll('Quiz', { quiz: true })],
      [button.requestPeer('Pick a group', 1, { _: 'requestPeerTypeChat' }, { maxQuantity: 2, nameRequested: true }), button.webApp('App', 'https://e.com/app')],
    ],
    { resize: true, oneTime: true, selective: true, persistent: true, placeholder: 'Choose' },
  );
  assert.deepEqual(markup, {
    _: 'replyKeyboardMarkup',
    rows: [
      { _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButton', text: 'A' }, { _: 'keyboardButton', text: 'B' }] },
      {
        _: 'keyboardButtonRow',
        buttons: [
          { _: 'keyboardButtonRequestPhone', text: 'Phone' },
          { _: 'keyboardButtonRequestGeoLocation', text: 'Where' },
          { _: 'keyboardButtonRequestPoll', text: 'Quiz', quiz: true },
        ],
      },
      {
        _: 'keyboardButtonRow',
        buttons: [
          { _: 'inputKeyboardButtonRequestPeer', text: 'Pick a group', buttonId: 1, peerType: { _: 'requestPeerTypeChat' }, maxQuantity: 2, nameRequested: true },
          { _: 'keyboardButtonSimpleWebView', text: 'App', url: 'https://e.com/app' },
        ],
      },
    ],
    resize: true,
    singleUse: true,
    selective: true,
    persistent: true,
    placeholder: 'Choose',
  });
  assert.deepEqual(encode(decode(encode(markup)) as ReplyMarkup), encode(markup));
});

test('remove keyboard and force reply', () => {
  assert.deepEqual(removeKeyboard(), { _: 'replyKeyboardHide' });
  assert.deepEqual(removeKeyboard({ selective: true }), { _: 'replyKeyboardHide', selective: true });
  assert.deepEqual(forceReply({ selective: true, placeholder: 'Your name?' }), { _: 'replyKeyboardForceReply', selective: true, placeholder: 'Your name?' });
  const all: ReplyMarkup[] = [removeKeyboard(), forceReply({ singleUse: true })];
  for (const m of all) assert.deepEqual(encode(decode(encode(m)) as ReplyMarkup), encode(m));
});

test('limits: rows, totals, callback data bytes, placeholders, copy text, URLs', () => {
  const cb = (i: number) => button.callback(`b${i}`, `${i}`);
  inlineKeyboard([Array.from({ length: KEYBOARD_LIMITS.inlineRowMax }, (_, i) => cb(i))]);
  refuses(() => inlineKeyboard([Array.from({ length: 9 }, (_, i) => cb(i))]), 'rows[0]', /at most 8 buttons per row, got 9/);
  refuses(() => inlineKeyboard(buttonRows(Array.from({ length: 101 }, (_, i) => cb(i)), 8)), 'rows', /at most 100 buttons, got 101/);
  replyKeyboard(buttonRows(Array.from({ length: 300 }, (_, i) => `${i}`), 12));
  refuses(() => replyKeyboard([Array.from({ length: 13 }, (_, i) => `${i}`)]), 'rows[0]', /at most 12 buttons per row/);
  refuses(() => replyKeyboard(buttonRows(Array.from({ length: 301 }, (_, i) => `${i}`), 12)), 'rows', /at most 300 buttons, got 301/);
  refuses(() => inlineKeyboard([]), 'rows', /needs at least one button/);
  refuses(() => inlineKeyboard([[cb(1)], []]), 'rows[1]', /a row needs at least one button/);
  button.callback('ok', 'x'.repeat(64));
  refuses(() => button.callback('x', 'é'.repeat(33)), 'data', /1–64 bytes, got 66/);
  refuses(() => button.callback('x', ''), 'data', /got 0/);
  refuses(() => button.callback('', 'x'), 'text', /non-empty text/);
  refuses(() => replyKeyboard([['a']], { placeholder: 'x'.repeat(65) }), 'placeholder', /1–64 characters, got 65/);
  refuses(() => forceReply({ placeholder: '' }), 'placeholder', /got 0/);
  refuses(() => button.copy('c', 'x'.repeat(257)), 'copyText', /1–256/);
  refuses(() => button.url('u', 'javascript:alert(1)'), 'url', /http\(s\):\/\/ or tg:\/\//);
  refuses(() => button.url('u', 'example.com'), 'url', /http/);
  refuses(() => button.webApp('w', 'http://e.com'), 'url', /https:\/\//);
  refuses(() => button.login('l', 'tg://x'), 'url', /https:\/\//);
  refuses(() => button.switchInline('s', '', { currentChat: true, chatTypes: ['users'] }), 'chatTypes', /either/);
  refuses(() => button.requestPeer('p', 1.5, { _: 'requestPeerTypeUser' }), 'buttonId', /32-bit/);
});

test('buttons in the wrong keyboard, game and pay placement, hand-made markup', () => {
  // a cast stands for JavaScript callers
  refuses(() => replyKeyboard([[button.callback('x', 'y') as never]]), 'rows[0][0]', /keyboardButtonCallback cannot be in a reply keyboard/);
  refuses(() => inlineKeyboard([[button.text('x') as never]]), 'rows[0][0]', /keyboardButton cannot be in an inline keyboard/);
  inlineKeyboard([[button.game('Play'), button.callback('x', 'y')]]);
  refuses(() => inlineKeyboard([[button.callback('x', 'y'), button.pay('Pay')]]), 'rows[0][1]', /first button of the first row/);
  refuses(
    () => checkReplyMarkup({ _: 'replyInlineMarkup', rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonCallback', text: 'x', data: new Uint8Array(65) }] }] }),
    'rows[0][0].data',
    /got 65/,
  );
  checkReplyMarkup(removeKeyboard());
  assert.deepEqual(buttonRows([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});
