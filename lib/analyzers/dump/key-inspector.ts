/**
 * Reads a candidate's characters once: content check, key-likeness, key-pattern hash and hashtag braces.
 * ASCII keys take a fused single loop (same folding rules as foldKey in patterns.ts); keys that fit the
 * template of the last key of their length skip even that (key-template.ts); the rare UTF-8 keys use
 * the reference implementation.
 */
import { KeyTemplate } from "./key-template";
import * as patterns from "./patterns";
import { finishHash, foldKey, isUuidAt } from "./patterns";
import { BYTE_CLASS, CLASS_CONTROL, CLASS_HIGH, CLASS_NEWLINE, CLASS_SPACE, CLASS_TAB, isValidUtf8 } from "./text";
import { MAX_KEY_LIKE_LEN, type ContentClass } from "./types";

// Local copies: imported bindings are re-read (with a hole check) on every use in optimized code, and
// these are used per byte.
const FNV_PRIME = patterns.FNV_PRIME;
const HASH_SEED_1 = patterns.HASH_SEED_1;
const HASH_SEED_2 = patterns.HASH_SEED_2;
const WORD_SEED = patterns.WORD_SEED;
const MIN_HEX_ID = patterns.MIN_HEX_ID;
const SYMBOL_NUMBER = patterns.SYMBOL_NUMBER;
const SYMBOL_HEX = patterns.SYMBOL_HEX;
const SYMBOL_UUID = patterns.SYMBOL_UUID;
const TOKEN_DIGIT = patterns.TOKEN_DIGIT;
const TOKEN_LETTER = patterns.TOKEN_LETTER;
const TOKEN_MASK = patterns.TOKEN_MASK;

/** Content classes (low bits) and token classes (TOKEN_MASK bits) of every byte in one table. */
export const CHAR_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) table[byte] = BYTE_CLASS[byte] | patterns.TOKEN_CLASS[byte];
  return table;
})();
/** Bytes that end the ASCII key fast path (the string is not a key, or needs the UTF-8 path). */
const NOT_ASCII_KEY = CLASS_CONTROL | CLASS_NEWLINE | CLASS_TAB | CLASS_SPACE | CLASS_HIGH;
const NOT_KEY = CLASS_CONTROL | CLASS_NEWLINE | CLASS_TAB | CLASS_SPACE;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DASH = 0x2d;

export const REJECT = 0;
export const ACCEPT = 1;
export const ACCEPT_KEY = 2;

/** Content classes the content option forbids anywhere in a string. */
export function forbiddenClasses(content: ContentClass): number {
  return content === "printable" ? CLASS_CONTROL | CLASS_NEWLINE | CLASS_HIGH : content === "utf8" ? CLASS_CONTROL : 0;
}

export class KeyInspector {
  /** Set by inspect() when it returns ACCEPT_KEY: pattern hash and absolute hashtag brace positions. */
  patternHash = -1;
  tagOpen = -1;
  tagClose = -1;
  /** Keys answered by a template (diagnostics and tests). */
  templateHits = 0;
  private readonly forbidden: number;
  private readonly checkUtf8: boolean;
  private readonly templates: (KeyTemplate | null)[] = new Array<KeyTemplate | null>(MAX_KEY_LIKE_LEN + 1).fill(null);

  constructor(content: ContentClass) {
    this.forbidden = forbiddenClasses(content);
    this.checkUtf8 = content === "utf8";
  }

  /** REJECT, ACCEPT (valid content, not a key) or ACCEPT_KEY for data[start, end). */
  inspect(data: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const template = length <= MAX_KEY_LIKE_LEN ? this.templates[length] : null;
    if (template !== null && template.matches(data, start)) {
      template.hits++;
      this.templateHits++;
      this.patternHash = template.patternHash;
      this.tagOpen = template.tagOpen < 0 ? -1 : start + template.tagOpen;
      this.tagClose = template.tagClose < 0 ? -1 : start + template.tagClose;
      return ACCEPT_KEY;
    }
    if (length > 0 && (CHAR_CLASS[data[start]] & this.forbidden) !== 0) return REJECT;
    const stoppedAt = length <= MAX_KEY_LIKE_LEN ? this.foldAsciiKey(data, start, end) : start;
    if (stoppedAt === end) {
      if (length === 0) return ACCEPT;
      // A new shape replaces the template; one that keeps missing is only rebuilt now and then.
      if (template === null || template.hits > 0 || ++template.misses % 8 === 0) {
        this.templates[length] = KeyTemplate.build(data, start, end, this.patternHash, this.tagOpen, this.tagClose);
      }
      return ACCEPT_KEY;
    }
    return this.finishNonAscii(data, start, end, stoppedAt);
  }

  /**
   * Folds an ASCII key (letters, digits, printable separators) into patternHash / tagOpen / tagClose and
   * returns `end`; at the first byte that cannot be part of an ASCII key, returns its position instead.
   * One flat loop: nested per-token loops cost twice as much in branch mispredictions.
   */
  private foldAsciiKey(data: Uint8Array, start: number, end: number): number {
    let h1 = HASH_SEED_1;
    let h2 = HASH_SEED_2;
    let open = -1;
    let close = -1;
    let tokenStart = -1;
    let digits = 0;
    let letters = 0;
    let word = WORD_SEED;
    let previousDigit = false;
    for (let i = start; i < end; i++) {
      const byte = data[i];
      const cls = CHAR_CLASS[byte];
      if ((cls & NOT_ASCII_KEY) !== 0) return i;
      const token = cls & TOKEN_MASK;
      if (token !== 0) {
        if (tokenStart < 0) {
          tokenStart = i;
          digits = 0;
          letters = 0;
          word = WORD_SEED;
          previousDigit = false;
        }
        if (token === TOKEN_DIGIT) {
          digits++;
          if (!previousDigit) word = Math.imul(word ^ SYMBOL_NUMBER, FNV_PRIME);
          previousDigit = true;
        } else {
          if (token === TOKEN_LETTER) letters++;
          word = Math.imul(word ^ byte, FNV_PRIME);
          previousDigit = false;
        }
        continue;
      }
      if (tokenStart >= 0) {
        const length = i - tokenStart;
        const uuid = length === 8 && letters === 0 && byte === DASH && isUuidAt(data, tokenStart, end);
        const symbol = uuid
          ? SYMBOL_UUID
          : digits === length
            ? SYMBOL_NUMBER
            : letters === 0 && length >= MIN_HEX_ID && digits > 0
              ? SYMBOL_HEX
              : word;
        h1 = Math.imul(h1 ^ symbol, FNV_PRIME);
        h2 = (h2 * 31 + symbol) | 0;
        tokenStart = -1;
        if (uuid) {
          // The dashes and groups belong to the UUID: resume after its 36 characters.
          i = i + 27;
          continue;
        }
      }
      if (byte === OPEN_BRACE) {
        if (open < 0) open = i;
      } else if (byte === CLOSE_BRACE && open >= 0 && close < 0) {
        close = i;
      }
      h1 = Math.imul(h1 ^ byte, FNV_PRIME);
      h2 = (h2 * 31 + byte) | 0;
    }
    if (tokenStart >= 0) {
      const length = end - tokenStart;
      const symbol = digits === length ? SYMBOL_NUMBER : letters === 0 && length >= MIN_HEX_ID && digits > 0 ? SYMBOL_HEX : word;
      h1 = Math.imul(h1 ^ symbol, FNV_PRIME);
      h2 = (h2 * 31 + symbol) | 0;
    }
    this.patternHash = finishHash(h1, h2);
    this.tagOpen = open;
    this.tagClose = close;
    return end;
  }

  /** The rest of the content check, then whether the string is a UTF-8 key after all. */
  private finishNonAscii(data: Uint8Array, start: number, end: number, from: number): number {
    const forbidden = this.forbidden;
    let mask = 0;
    for (let k = from; k < end; k++) {
      mask |= CHAR_CLASS[data[k]];
      if ((mask & forbidden) !== 0) return REJECT;
    }
    if ((mask & CLASS_HIGH) === 0) return ACCEPT;
    return this.finishHighBytes(data, start, end, mask);
  }

  /**
   * Verdict for valid-so-far content with bytes above 0x7f (`mask`: the classes of its characters from
   * the first non-key byte on): UTF-8 validation, and the reference folding when it is a UTF-8 key. The
   * WebAssembly scanner hands exactly these strings back to JavaScript.
   */
  finishHighBytes(data: Uint8Array, start: number, end: number, mask: number): number {
    const validUtf8 = isValidUtf8(data, start, end);
    if (this.checkUtf8 && !validUtf8) return REJECT;
    if (!validUtf8 || (mask & NOT_KEY) !== 0 || end - start > MAX_KEY_LIKE_LEN) return ACCEPT;
    // Bytes before `from` were ASCII key characters, so the whole string is a key with UTF-8 in it.
    this.patternHash = foldKey(data, start, end, null);
    const open = data.indexOf(OPEN_BRACE, start);
    this.tagOpen = open >= 0 && open < end ? open : -1;
    const close = this.tagOpen >= 0 ? data.indexOf(CLOSE_BRACE, this.tagOpen + 1) : -1;
    this.tagClose = close >= 0 && close < end ? close : -1;
    return ACCEPT_KEY;
  }
}
