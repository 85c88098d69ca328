/**
 * HTML character references as Telegram decodes them (spec §10.2): `&lt; &gt; &amp; &quot;` (case
 * sensitive) and numeric `&#D;` / `&#xH;`, the `;` optional; anything else (`&nbsp;`, `&apos;`, a bare
 * `&`) stays literal.
 * @module
 */

/** Telegram's refusal of a reference to half a surrogate pair. */
export const SURROGATE_REFERENCE = 'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units';

function isAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/**
 * Decodes the reference at `s[at] === '&'`. Returns the code point and the index after it, or
 * undefined when the `&` is literal.
 */
export function referenceAt(s: string, at: number, end: number): { code: number; next: number } | undefined {
  let i = at + 1;
  let code = 0;
  if (s.charCodeAt(i) === 0x23 /* # */) {
    i++;
    if (s.charCodeAt(i) === 0x78 /* x, lowercase only, as Telegram */) {
      i++;
      for (let h: number; i < end && (h = hexValue(s.charCodeAt(i))) >= 0 && i - at < 10; i++) code = code * 16 + h;
    } else {
      for (let c: number; i < end && (c = s.charCodeAt(i)) >= 0x30 && c <= 0x39 && i - at < 10; i++) code = code * 10 + c - 0x30;
    }
    // Telegram rejects the reference (keeps the `&`) when it is 0, out of range, or 10+ characters long
    if (code === 0 || code >= 0x10ffff || i - at >= 10) return undefined;
  } else {
    while (i < end && isAlpha(s.charCodeAt(i))) i++;
    const name = s.slice(at + 1, i);
    if (name === 'lt') code = 0x3c;
    else if (name === 'gt') code = 0x3e;
    else if (name === 'amp') code = 0x26;
    else if (name === 'quot') code = 0x22;
    else return undefined;
  }
  if (i < end && s.charCodeAt(i) === 0x3b /* ; */) i++;
  return { code, next: i };
}

/**
 * Decodes every reference in `s[start, end)`. `bad` is the index of the first reference to a lone
 * surrogate (replaced by U+FFFD), or -1.
 */
export function decodeReferences(s: string, start: number, end: number): { text: string; bad: number } {
  let out = '';
  let from = start;
  let bad = -1;
  for (let amp = s.indexOf('&', start); amp >= 0 && amp < end; amp = s.indexOf('&', amp + 1)) {
    const ref = referenceAt(s, amp, end);
    if (ref === undefined) continue;
    out += s.slice(from, amp);
    let code = ref.code;
    if (code >= 0xd800 && code <= 0xdfff) {
      if (bad < 0) bad = amp;
      code = 0xfffd;
    }
    out += String.fromCodePoint(code);
    from = ref.next;
    amp = ref.next - 1;
  }
  return { text: from === start ? s.slice(start, end) : out + s.slice(from, end), bad };
}
