/**
 * Telegram's MarkdownV2 (spec `messages.md` §10.3, the Bot API's syntax) → text + entities, following
 * the rules Telegram applies: one left-to-right pass, `\` escapes any ASCII character, reserved characters
 * must be escaped outside markup, `__` is greedy, `>` opens a quote only at a line start, a quote's last
 * line ending in `||` makes it expandable.
 * @module
 */
import type { MessageEntity } from '../../tl/index.js';
import { TextParseError } from './errors.js';
import { sortEntities } from './entities.js';
import { isSpace, linkEntityOf, MD, NAMES, readUrl, restoreMarkers, SIMPLE, SPECIAL, type MdFrame, type MdType } from './markdown-syntax.js';
import type { FormattedText, TextParseOptions } from './types.js';

class MarkdownReader {
  text = '';
  /** Entities by opening order; holes where a marker made none. */
  readonly entities: (MessageEntity | undefined)[] = [];
  /** How many slots hold an entity. */
  filled = 0;
  /** Start of the input not yet copied to `text` (ordinary characters are copied in runs). */
  private runStart = 0;
  private readonly stack: MdFrame[] = [];
  /** Frames given up in lenient mode: their markers go back into the text at the end. */
  private readonly unclosed: MdFrame[] = [];
  private haveQuote = false;
  private canStartQuote = true;

  constructor(
    private readonly input: string,
    private readonly strict: boolean,
  ) {}

  private fail(at: number, reason: string): never {
    throw TextParseError.at('markdown', this.input, at, reason);
  }

  private reserved(at: number): void {
    const c = this.input[at]!;
    if (this.strict) this.fail(at, `Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    this.text += c;
    this.canStartQuote = c === '\n';
  }

  private cantFindEnd(frame: MdFrame): never {
    const name = frame.type === MD.pre && frame.language !== '' ? 'PreCode' : NAMES[frame.type];
    this.fail(frame.at, `Can't find end of ${name} entity`);
  }

  /** Copies the pending ordinary characters up to `to`. */
  private flush(to: number): void {
    if (to > this.runStart) this.text += this.input.slice(this.runStart, to);
    this.runStart = to;
  }

  run(): void {
    const input = this.input;
    const n = input.length;
    const stack = this.stack;
    for (let i = 0; i < n; i++) {
      const c = input.charCodeAt(i);
      if (c === 0x5c /* \ */) {
        const e = i + 1 < n ? input.charCodeAt(i + 1) : 0;
        if (e > 0 && e <= 126) {
          // the escaped character starts the next run
          this.flush(i);
          this.runStart = ++i;
          if (e !== 0x0d) this.canStartQuote = e === 0x0a;
          continue;
        }
      }
      const top = stack.length > 0 ? stack[stack.length - 1]! : undefined;
      const inCode = top !== undefined && (top.type === MD.code || top.type === MD.pre);
      if (inCode ? c !== 0x60 : c >= 128 || SPECIAL[c] === 0 || c === 0x5c) {
        // a run of ordinary characters
        let j = i + 1;
        let last = c;
        for (; j < n; j++) {
          const d = input.charCodeAt(j);
          if (inCode ? d === 0x60 || d === 0x5c : d < 128 && SPECIAL[d] === 1) break;
          if (d !== 0x0d) last = d;
        }
        if (c !== 0x0d || last !== 0x0d) this.canStartQuote = false;
        i = j - 1;
        continue;
      }
      this.flush(i);
      if (this.isEnd(top, c, i)) i = this.end(top!, c, i);
      else i = this.begin(c, i);
      this.runStart = i + 1;
    }
    this.flush(n);
    this.finishInput();
  }

  private isEnd(top: MdFrame | undefined, c: number, i: number): boolean {
    if (top === undefined) return false;
    const input = this.input;
    const next = input.charCodeAt(i + 1);
    if (this.haveQuote && c === 0x0a && next !== 0x3e /* > */) return true;
    switch (top.type) {
      case MD.bold:
        return c === 0x2a;
      case MD.italic:
        return c === 0x5f && next !== 0x5f;
      case MD.code:
        return c === 0x60;
      case MD.pre:
        return c === 0x60 && next === 0x60 && input.charCodeAt(i + 2) === 0x60;
      case MD.link:
      case MD.media:
        return c === 0x5d;
      case MD.underline:
        return c === 0x5f && next === 0x5f;
      case MD.strike:
        return c === 0x7e;
      case MD.spoiler:
        return c === 0x7c && next === 0x7c;
      case MD.quote:
        return false;
    }
  }

  /** A markup character that opens something (or a newline, or a quote line's `>`). Returns the last index used. */
  private begin(c: number, i: number): number {
    const input = this.input;
    const at = i;
    let type: MdType;
    let language = '';
    switch (c) {
      case 0x5f /* _ */:
        if (input.charCodeAt(i + 1) === 0x5f) {
          type = MD.underline;
          i++;
        } else type = MD.italic;
        break;
      case 0x2a /* * */:
        type = MD.bold;
        break;
      case 0x7e /* ~ */:
        type = MD.strike;
        break;
      case 0x7c /* | */:
        if (input.charCodeAt(i + 1) !== 0x7c) {
          this.reserved(i);
          return i;
        }
        type = MD.spoiler;
        i++;
        break;
      case 0x5b /* [ */:
        type = MD.link;
        break;
      case 0x60 /* ` */:
        if (input.charCodeAt(i + 1) === 0x60 && input.charCodeAt(i + 2) === 0x60) {
          type = MD.pre;
          i += 3;
          let end = i;
          while (end < input.length && !isSpace(input.charCodeAt(end)) && input.charCodeAt(end) !== 0x60) end++;
          // a language is the run before whitespace, when text follows it
          if (end !== i && end < input.length && input.charCodeAt(end) !== 0x60) {
            language = input.slice(i, end);
            i = end;
          }
          const nl = input.charCodeAt(i);
          if (nl === 0x0a || nl === 0x0d) {
            const nl2 = input.charCodeAt(i + 1);
            i += (nl2 === 0x0a || nl2 === 0x0d) && nl2 !== nl ? 2 : 1;
          }
          i--;
        } else type = MD.code;
        break;
      case 0x21 /* ! */:
        if (input.charCodeAt(i + 1) !== 0x5b) {
          this.reserved(i);
          return i;
        }
        type = MD.media;
        i++;
        break;
      case 0x0a /* \n */:
        this.text += '\n';
        this.canStartQuote = true;
        return i;
      case 0x3e /* > */:
        if (!this.canStartQuote) {
          this.reserved(i);
          return i;
        }
        if (this.haveQuote) return i; // the `>` of a continued quote line
        type = MD.quote;
        this.haveQuote = true;
        break;
      default:
        this.reserved(i);
        return i;
    }
    this.stack.push({ type, offset: this.text.length, at, contentAt: i + 1, language, slot: this.entities.push(undefined) - 1 });
    return i;
  }

  /** The markup character `c` at `i` closes `top`. Returns the last index used. */
  private end(top: MdFrame, c: number, i: number): number {
    const input = this.input;
    const stack = this.stack;
    let collapsed = false;
    if (c === 0x0a && top.type !== MD.quote) {
      // the quote ends here: only an `||` just before the newline (the expandable mark) may be open
      const mark = top.type === MD.spoiler && (top.at === i - 2 || (top.at === i - 3 && this.text.endsWith('\r')));
      if (mark) {
        stack.pop();
        collapsed = this.quoteOnTop(top);
      } else {
        if (this.strict) this.cantFindEnd(top);
        this.giveUpAbove();
      }
      top = stack[stack.length - 1]!;
    }
    stack.pop();
    const offset = top.offset;
    let skip = this.text.length === offset;
    let entity: MessageEntity | undefined;
    const simple = top.type < MD.pre ? SIMPLE[top.type] : undefined;
    if (simple !== undefined) {
      if (top.type === MD.underline || top.type === MD.spoiler) i++;
    } else if (top.type === MD.pre) {
      i += 2;
    } else if (top.type === MD.quote) {
      this.haveQuote = false;
      this.text += input[i];
      this.canStartQuote = true;
      skip = false;
    } else {
      // link or media: `](url)`, or for a link just `]` (its text is its URL)
      let url: string;
      if (input.charCodeAt(i + 1) !== 0x28 /* ( */) {
        if (top.type === MD.media) {
          if (this.strict) this.fail(top.at, 'Custom emoji entity must contain a tg://emoji URL');
          return this.literalBracket(top, i);
        }
        url = this.text.slice(offset);
      } else {
        const read = readUrl(this.input, i + 2);
        if (read === undefined) {
          if (this.strict) this.fail(i + 2, `Can't find end of a URL`);
          return this.literalBracket(top, i);
        }
        url = read.url;
        i = read.end;
      }
      entity = skip ? undefined : this.linkEntity(top, url);
      skip = entity === undefined;
    }
    if (!skip) {
      const length = this.text.length - offset;
      if (entity !== undefined) {
        entity.offset = offset;
        entity.length = length;
      } else if (top.type === MD.quote) {
        entity = collapsed ? { _: 'messageEntityBlockquote', collapsed: true, offset, length } : { _: 'messageEntityBlockquote', offset, length };
      } else if (top.type === MD.pre) {
        entity = { _: 'messageEntityPre', offset, length, language: top.language };
      } else entity = { _: simple!, offset, length } as MessageEntity;
      this.entities[top.slot] = entity;
      this.filled++;
    }
    return i;
  }

  /** Lenient mode: a `]` that cannot close its link stays literal; the link stays open. */
  private literalBracket(top: MdFrame, i: number): number {
    this.stack.push(top);
    this.text += ']';
    this.canStartQuote = false;
    return i;
  }

  private linkEntity(frame: MdFrame, url: string): MessageEntity | undefined {
    const made = linkEntityOf(frame.type, url);
    if (typeof made !== 'string') return made;
    if (this.strict) this.fail(frame.at, made);
    return undefined;
  }

  /**
   * After the `||` expandable mark was taken off the stack: true when the quote is what remains on top.
   * Otherwise strict mode fails on what is open; lenient mode gives it up, the mark included.
   */
  private quoteOnTop(mark: MdFrame): boolean {
    const top = this.stack[this.stack.length - 1]!;
    if (top.type === MD.quote) return true;
    if (this.strict) this.cantFindEnd(top);
    this.unclosed.push(mark);
    this.giveUpAbove();
    return false;
  }

  /** Lenient mode: the frames above the innermost quote are given up (their markers become text). */
  private giveUpAbove(): void {
    const stack = this.stack;
    while (stack.length > 0 && stack[stack.length - 1]!.type !== MD.quote) this.unclosed.push(stack.pop()!);
  }

  private finishInput(): void {
    const stack = this.stack;
    const n = this.input.length;
    if (this.haveQuote) {
      let top = stack[stack.length - 1]!;
      let collapsed = false;
      if (top.type === MD.spoiler && top.at === n - 2) {
        stack.pop();
        collapsed = this.quoteOnTop(top);
        top = stack[stack.length - 1]!;
      }
      if (top.type !== MD.quote && !this.strict) {
        this.giveUpAbove();
        top = stack[stack.length - 1]!;
      }
      if (top.type === MD.quote) {
        stack.pop();
        this.haveQuote = false;
        const offset = top.offset;
        const length = this.text.length - offset;
        if (length > 0) {
          this.entities[top.slot] = collapsed ? { _: 'messageEntityBlockquote', collapsed: true, offset, length } : { _: 'messageEntityBlockquote', offset, length };
          this.filled++;
        }
      }
    }
    if (stack.length > 0) {
      if (this.strict) this.cantFindEnd(stack[stack.length - 1]!);
      while (stack.length > 0) this.unclosed.push(stack.pop()!);
    }
    if (this.unclosed.length > 0) this.text = restoreMarkers(this.input, this.text, this.entities, this.unclosed);
  }
}

/**
 * Parses Telegram's MarkdownV2: `*bold*`, `_italic_`, `__underline__`, `~strike~`, `||spoiler||`,
 * `` `code` ``, ```` ```lang⏎pre``` ````, `[text](url)` (`tg://user?id=N` makes a mention),
 * `![👍](tg://emoji?id=N)`, `![text](tg://time?unix=T&format=F)`, `>` quote lines (a last line ending in
 * `||` makes the quote expandable). Outside code and links `` _*[]()~`>#+-=|{}.! `` must be escaped with
 * `\`; inside code only `` ` `` and `\`; inside `(url)` only `)` and `\`. Mentions come out as
 * `messageEntityMentionName`; see `toInputEntities` for sending them.
 *
 * @param markdown - the markup.
 * @param options - `lenient: true` never throws (see {@link TextParseOptions}).
 * @returns the text and its entities (UTF-16 offsets, canonical order).
 * @throws {@link TextParseError} (unless `lenient`) for markup Telegram refuses, with its position.
 *
 * @example
 * ```ts
 * parseMarkdown('*Hi*, [you](tg://user?id=42)\\!')
 * // { text: 'Hi, you!', entities: [{ _: 'messageEntityBold', offset: 0, length: 2 },
 * //   { _: 'messageEntityMentionName', offset: 4, length: 3, userId: 42 }] }
 * ```
 */
export function parseMarkdown(markdown: string, options?: TextParseOptions): FormattedText {
  const reader = new MarkdownReader(markdown, options?.lenient !== true);
  reader.run();
  const entities = (reader.filled < reader.entities.length ? reader.entities.filter((e) => e !== undefined) : reader.entities) as MessageEntity[];
  return { text: reader.text, entities: sortEntities(entities) };
}
