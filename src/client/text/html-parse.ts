/**
 * Telegram's HTML (the Bot API subset, spec `messages.md` §10.2) → text + entities. htmlparser2's
 * tokenizer finds the tags; this module applies Telegram's rules on top of it: which tags exist, how end
 * tags must match, which character references decode, what each tag becomes.
 * @module
 */
import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import type { MessageEntity } from '../../tl/index.js';
import { decodeReferences, SURROGATE_REFERENCE } from './html-references.js';
import { TextParseError } from './errors.js';
import { elementEntity, isSpace, lower, NAME_TOKEN, TAGS, type Frame, type TagKind } from './html-elements.js';
import { sortEntities } from './entities.js';
import type { FormattedText, TextParseOptions } from './types.js';

/** The tokenizer's listener: builds the text and the entities as tags open and close. */
class HtmlReader implements TokenizerCallbacks {
  text = '';
  /** Entities by opening order; a hole where an element made none. */
  readonly entities: (MessageEntity | undefined)[] = [];
  holes = 0;
  private readonly stack: Frame[] = [];
  /** Input consumed so far (end of the last text, tag or comment). */
  private lastEnd = 0;
  private nextAmp = -1;
  // the start tag being read
  private tagKind: TagKind | undefined;
  private tagName = '';
  private tagAt = 0;
  private tagArg: string | undefined;
  private tagClass: string | undefined;
  private tagFormat: string | undefined;
  private tagExpandable = false;
  private attrName = '';
  private attrValue = '';
  private attrAt = 0;

  constructor(
    private readonly input: string,
    private readonly strict: boolean,
  ) {}

  private fail(at: number, reason: string): never {
    throw TextParseError.at('html', this.input, at, reason);
  }

  /** Name of the would-be tag at `at` (a `<`), as Telegram reports it: up to a space or `>`. */
  private tagNameAt(at: number): string {
    let end = at + 1;
    while (end < this.input.length && !isSpace(this.input.charCodeAt(end)) && this.input.charCodeAt(end) !== 0x3e) end++;
    return lower(this.input.slice(at + 1, end));
  }

  ontext(start: number, end: number): void {
    if (start < 0 || start < this.lastEnd) start = this.lastEnd; // trailing data of an unfinished tag
    if (start >= end) return;
    const input = this.input;
    if (input.charCodeAt(start) === 0x3c /* < */) start = this.strayLessThan(start, end);
    if (start >= end) return;
    if (this.nextAmp < start) {
      const amp = input.indexOf('&', start);
      this.nextAmp = amp < 0 ? input.length : amp;
    }
    if (this.nextAmp >= end) this.text += input.slice(start, end);
    else this.text += this.decode(start, end);
    this.lastEnd = end;
  }

  /**
   * A text run that begins with `<` that opened no tag: `</>` (closes the innermost element, as in
   * Telegram), or a stray `<`. Returns where the ordinary text resumes.
   */
  private strayLessThan(start: number, end: number): number {
    const input = this.input;
    if (input.charCodeAt(start + 1) === 0x2f /* / */) {
      let i = start + 2;
      while (i < end && isSpace(input.charCodeAt(i))) i++;
      if (i < end && input.charCodeAt(i) === 0x3e /* > */) {
        this.closeTag('', start);
        this.lastEnd = i + 1;
        return i + 1;
      }
    }
    if (this.strict) this.fail(start, `Unsupported start tag "${this.tagNameAt(start)}" (write &lt; for a literal "<")`);
    this.text += '<';
    return start + 1;
  }

  private decode(start: number, end: number): string {
    const decoded = decodeReferences(this.input, start, end);
    if (decoded.bad >= 0) {
      if (this.strict) this.fail(decoded.bad, SURROGATE_REFERENCE);
    }
    const amp = this.input.indexOf('&', end);
    this.nextAmp = amp < 0 ? this.input.length : amp;
    return decoded.text;
  }

  onopentagname(start: number, end: number): void {
    let name = this.input.slice(start, end);
    let kind = TAGS.get(name);
    if (kind === undefined) {
      name = lower(name);
      kind = TAGS.get(name);
    }
    this.tagAt = start - 1;
    this.tagName = name;
    this.tagKind = kind;
    this.tagArg = undefined;
    this.tagClass = undefined;
    this.tagFormat = undefined;
    this.tagExpandable = false;
    if (this.tagKind === undefined && this.strict) this.fail(this.tagAt, `Unsupported start tag "${name}"`);
  }

  onattribname(start: number, end: number): void {
    this.attrName = lower(this.input.slice(start, end));
    this.attrValue = '';
    this.attrAt = -1;
  }

  onattribdata(start: number, end: number): void {
    if (this.attrAt < 0) this.attrAt = start;
    this.attrValue += this.input.slice(start, end);
  }

  onattribend(quote: QuoteType): void {
    let value = this.attrValue;
    if (quote === QuoteType.Unquoted) {
      if (!NAME_TOKEN.test(value)) {
        if (this.strict) this.fail(this.attrAt, 'Unexpected end of name token');
      } else value = lower(value);
    } else if (quote !== QuoteType.NoValue && value.indexOf('&') >= 0) {
      const decoded = decodeReferences(value, 0, value.length);
      if (decoded.bad >= 0 && this.strict) this.fail(this.attrAt + decoded.bad, SURROGATE_REFERENCE);
      value = decoded.text;
    }
    const name = this.attrName;
    switch (this.tagKind) {
      case 'link':
        if (name === 'href') this.tagArg = value;
        break;
      case 'code':
        if (name === 'class' && value.startsWith('language-')) this.tagArg = value.slice(9);
        break;
      case 'span':
        if (name === 'class') this.tagClass = value;
        break;
      case 'emoji':
        if (name === 'emoji-id') this.tagArg = value;
        break;
      case 'time':
        if (name === 'unix') this.tagArg = value;
        else if (name === 'format') this.tagFormat = value;
        break;
      case 'quote':
        if (name === 'expandable') this.tagExpandable = true;
        break;
      default:
        break;
    }
  }

  onopentagend(endIndex: number): void {
    this.lastEnd = endIndex + 1;
    let kind = this.tagKind;
    if (kind === undefined) {
      if (this.tagName === 'br') this.text += '\n';
      return;
    }
    if (kind === 'span') {
      if (this.tagClass === 'tg-spoiler') kind = 'spoiler';
      else if (this.strict) this.fail(this.tagAt, 'Tag "span" must have class "tg-spoiler"');
      else kind = 'ignored';
    }
    this.stack.push({
      kind,
      name: this.tagName,
      offset: this.text.length,
      at: this.tagAt,
      arg: this.tagArg,
      format: this.tagFormat,
      expandable: this.tagExpandable,
      inner: undefined,
      slot: this.entities.push(undefined) - 1,
    });
  }

  onselfclosingtag(endIndex: number): void {
    this.lastEnd = endIndex + 1;
    if (this.strict) this.fail(this.tagAt, `Unsupported start tag "${this.tagName}/"`);
    if (this.tagName === 'br') this.text += '\n';
  }

  onclosetag(start: number, end: number): void {
    const at = start - 2;
    const input = this.input;
    const gt = input.indexOf('>', end);
    let ok = gt >= 0;
    for (let i = end; ok && i < gt; i++) if (!isSpace(input.charCodeAt(i))) ok = false;
    if (!ok && this.strict) this.fail(at, 'Unclosed end tag');
    this.lastEnd = gt < 0 ? input.length : gt + 1;
    // most end tags repeat the innermost start tag exactly: no need to slice and lowercase then
    const top = this.stack[this.stack.length - 1];
    const name = top !== undefined && end - start === top.name.length && input.startsWith(top.name, start) ? top.name : lower(input.slice(start, end));
    this.closeTag(name, at);
  }

  private closeTag(name: string, at: number): void {
    const stack = this.stack;
    if (this.strict) {
      const top = stack.pop();
      if (top === undefined) this.fail(at, 'Unexpected end tag');
      if (name !== '' && name !== top.name) {
        this.fail(at, `Unmatched end tag, expected "</${top.name}>", found "</${name}>"`);
      }
      this.finish(top);
      return;
    }
    let k = stack.length - 1;
    if (name !== '') while (k >= 0 && stack[k]!.name !== name) k--;
    if (k < 0) return; // an end tag nothing opened: ignored
    while (stack.length > k) this.finish(stack.pop()!);
  }

  private ignoredConstruct(): void {
    const at = this.input.indexOf('<', this.lastEnd);
    if (this.strict) this.fail(at, `Unsupported start tag "${this.tagNameAt(at)}"`);
    const gt = this.input.indexOf('>', at);
    this.lastEnd = gt < 0 ? this.input.length : gt + 1;
  }

  oncomment(): void {
    this.ignoredConstruct();
  }
  oncdata(): void {
    this.ignoredConstruct();
  }
  ondeclaration(): void {
    this.ignoredConstruct();
  }
  onprocessinginstruction(): void {
    this.ignoredConstruct();
  }
  onattribentity(): void {}
  ontextentity(): void {}

  onend(): void {
    const input = this.input;
    if (this.lastEnd < input.length) {
      const at = input.indexOf('<', this.lastEnd);
      if (this.strict) this.fail(at, input.charCodeAt(at + 1) === 0x2f ? 'Unclosed end tag' : 'Unclosed start tag');
      this.text += input.slice(this.lastEnd);
      this.lastEnd = input.length;
    }
    const stack = this.stack;
    if (stack.length > 0 && this.strict) {
      const top = stack[stack.length - 1]!;
      this.fail(top.at, `Can't find end tag corresponding to start tag "${top.name}"`);
    }
    while (stack.length > 0) this.finish(stack.pop()!);
  }

  /** Turns a closed element into its entity (in the slot it took when it opened). */
  private finish(frame: Frame): void {
    const offset = frame.offset;
    const length = this.text.length - offset;
    const entity = length > 0 ? this.entityOf(frame, offset, length) : undefined;
    if (entity === undefined) this.holes++;
    else this.entities[frame.slot] = entity;
  }

  private entityOf(frame: Frame, offset: number, length: number): MessageEntity | undefined {
    if (frame.kind === 'code' || frame.kind === 'pre') return this.codeEntity(frame, offset, length);
    const made = elementEntity(frame, offset, length, this.text);
    if (typeof made !== 'string') return made;
    if (this.strict) this.fail(frame.at, made);
    return undefined;
  }

  /**
   * `<pre><code class="language-x">…</code></pre>` (either nesting order) is one pre entity with that
   * language when the code fills the pre exactly; otherwise each is its own entity.
   */
  private codeEntity(frame: Frame, offset: number, length: number): MessageEntity | undefined {
    const end = this.text.length;
    const inner = frame.inner;
    if (inner !== undefined && inner.end === end) {
      // the inner element's entity becomes the pre; this one makes none
      const language = frame.kind === 'code' ? (frame.arg ?? '') : inner.language;
      this.entities[inner.index] = { _: 'messageEntityPre', offset, length, language };
      return undefined;
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined && parent.offset === offset && (parent.kind === 'pre' || parent.kind === 'code') && parent.kind !== frame.kind) {
      parent.inner = { index: frame.slot, end, language: frame.kind === 'code' ? (frame.arg ?? '') : '' };
    }
    return frame.kind === 'pre' ? { _: 'messageEntityPre', offset, length, language: '' } : { _: 'messageEntityCode', offset, length };
  }
}

/**
 * Parses Telegram's HTML: `<b>`/`<strong>`, `<i>`/`<em>`, `<u>`/`<ins>`, `<s>`/`<strike>`/`<del>`,
 * `<tg-spoiler>`/`<span class="tg-spoiler">`, `<a href>` (`tg://user?id=N` makes a mention),
 * `<code>`, `<pre>` and `<pre><code class="language-x">`, `<blockquote [expandable]>`,
 * `<tg-emoji emoji-id>`, `<tg-time unix format>`. Only `&lt; &gt; &amp; &quot;` and numeric references
 * decode; newlines are literal. Mentions come out as `messageEntityMentionName`; see
 * `toInputEntities` for sending them.
 *
 * @param html - the markup.
 * @param options - `lenient: true` never throws (see {@link TextParseOptions}).
 * @returns the text and its entities (UTF-16 offsets, canonical order).
 * @throws {@link TextParseError} (unless `lenient`) for markup Telegram refuses, with its position.
 *
 * @example
 * ```ts
 * parseHtml('<b>Hi</b>, <a href="tg://user?id=42">you</a>!')
 * // { text: 'Hi, you!', entities: [{ _: 'messageEntityBold', offset: 0, length: 2 },
 * //   { _: 'messageEntityMentionName', offset: 4, length: 3, userId: 42 }] }
 * ```
 */
export function parseHtml(html: string, options?: TextParseOptions): FormattedText {
  if (html.indexOf('<') < 0 && html.indexOf('&') < 0) return { text: html, entities: [] };
  const reader = new HtmlReader(html, options?.lenient !== true);
  const tokenizer = new Tokenizer({ decodeEntities: false }, reader);
  tokenizer.write(html);
  tokenizer.end();
  const entities = (reader.holes > 0 ? reader.entities.filter((e) => e !== undefined) : reader.entities) as MessageEntity[];
  return { text: reader.text, entities: sortEntities(entities) };
}
