/**
 * Escaping plain text for HTML and for the three contexts of MarkdownV2.
 * @module
 */

const HTML_SPECIAL = /[&<>]/;
const HTML_ATTRIBUTE_SPECIAL = /[&<>"]/;

/** 1 for characters MarkdownV2 reserves outside code and links (and `\` itself). */
export const MARKDOWN_RESERVED = new Uint8Array(128);
for (const c of '_*[]()~`>#+-=|{}.!\\') MARKDOWN_RESERVED[c.charCodeAt(0)] = 1;

/**
 * Appends `s[from, to)` to `out` with `&`, `<`, `>` (and `"` when `attribute`) written as references.
 * @internal
 */
export function appendHtmlEscaped(out: string, s: string, from: number, to: number, attribute: boolean): string {
  let start = from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    let ref: string;
    if (c === 0x26) ref = '&amp;';
    else if (c === 0x3c) ref = '&lt;';
    else if (c === 0x3e) ref = '&gt;';
    else if (c === 0x22 && attribute) ref = '&quot;';
    else continue;
    out += s.slice(start, i) + ref;
    start = i + 1;
  }
  return start === from ? out + s.slice(from, to) : out + s.slice(start, to);
}

/**
 * Appends `s[from, to)` to `out` escaped for MarkdownV2 text (a `\\` before each reserved character).
 * @internal
 */
export function appendMarkdownEscaped(out: string, s: string, from: number, to: number): string {
  let start = from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && MARKDOWN_RESERVED[c] === 1) {
      out += s.slice(start, i) + '\\';
      start = i;
    }
  }
  return out + s.slice(start, to);
}

/**
 * Appends `s[from, to)` to `out` escaped for MarkdownV2 code (a `\\` before each `` ` `` and `\\`).
 * @internal
 */
export function appendCodeEscaped(out: string, s: string, from: number, to: number): string {
  let start = from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x60 || c === 0x5c) {
      out += s.slice(start, i) + '\\';
      start = i;
    }
  }
  return out + s.slice(start, to);
}

/**
 * Escapes text for Telegram's HTML: `&`, `<` and `>` become `&amp;`, `&lt;`, `&gt;`; with `attribute`,
 * `"` becomes `&quot;` too (for a double-quoted attribute value).
 *
 * @example
 * ```ts
 * `<b>${escapeHtml(name)}</b>`
 * ```
 */
export function escapeHtml(text: string, attribute = false): string {
  if (!(attribute ? HTML_ATTRIBUTE_SPECIAL : HTML_SPECIAL).test(text)) return text;
  return appendHtmlEscaped('', text, 0, text.length, attribute);
}

/**
 * Where MarkdownV2 text goes: `'text'` (anywhere outside code and links: `` _*[]()~`>#+-=|{}.!\ `` are
 * escaped), `'code'` (inside `` `…` `` or ```` ```…``` ````: `` ` `` and `\`), `'url'` (inside `(…)` of a
 * link or custom emoji: `)` and `\`).
 */
export type MarkdownContext = 'text' | 'code' | 'url';

/**
 * Escapes text for MarkdownV2 so that Telegram shows it as written, in the given context (default
 * `'text'`).
 *
 * @example
 * ```ts
 * `*${escapeMarkdown(name)}* paid 1\\.50`
 * ```
 */
export function escapeMarkdown(text: string, context: MarkdownContext = 'text'): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const special =
      context === 'text' ? c < 128 && MARKDOWN_RESERVED[c] === 1 : c === 0x5c || (context === 'code' ? c === 0x60 : c === 0x29);
    if (!special) continue;
    out += text.slice(start, i) + '\\';
    start = i;
  }
  return out === '' ? text : out + text.slice(start);
}
