/**
 * Key templates: a fast path for the pattern folding of keys that share a shape.
 *
 * Leaked or bulk-created keys come in millions with one shape (`acct:{uuid}:sessions:{n}:…`). After a
 * key is folded, its template records, per byte, whether the byte is literal (must be equal) or a digit /
 * hex character of a folded token. A later key of the same length whose bytes satisfy the template folds
 * to the same pattern hash with the same hashtag braces, and is a valid ASCII key: so one compare loop
 * replaces content check, tokenizing and hashing. A key that does not fit simply takes the full path.
 */
import { SYMBOL_HEX, SYMBOL_NUMBER, SYMBOL_UUID, TOKEN_CLASS, TOKEN_DIGIT, TOKEN_HEX_LETTER, TOKEN_LETTER, isUuidAt, MIN_HEX_ID } from "./patterns";

const LITERAL = 0;
const DIGIT_ONLY = 1;
const HEX_CHAR = 2;
/** For each byte: 1 digit, 2 hex letter, 0 otherwise; DIGIT_ONLY / HEX_CHAR positions test against it. */
const CHAR_KIND = (() => {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) table[c] = TOKEN_CLASS[c] === TOKEN_DIGIT ? 1 : TOKEN_CLASS[c] === TOKEN_HEX_LETTER ? 2 : 0;
  return table;
})();
/** Which CHAR_KIND values each position kind accepts, as a bit set. */
const ACCEPTS = [0, 0b010, 0b110];

export class KeyTemplate {
  hits = 0;
  misses = 0;

  private constructor(
    /** The key's bytes (literal positions are compared with them). */
    private readonly bytes: Uint8Array,
    /** Per byte: LITERAL, DIGIT_ONLY or HEX_CHAR. */
    private readonly kinds: Uint8Array,
    /** [from, to) pairs of `{hex}` tokens: each needs a digit and a hex letter to stay `{hex}`. */
    private readonly hexTokens: Int32Array,
    readonly patternHash: number,
    /** Hashtag braces relative to the key start, or -1. */
    readonly tagOpen: number,
    readonly tagClose: number,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  /** Whether data[start, start + length) folds exactly like the template's key. */
  matches(data: Uint8Array, start: number): boolean {
    const bytes = this.bytes;
    const kinds = this.kinds;
    const length = bytes.length;
    for (let k = 0; k < length; k++) {
      const byte = data[start + k];
      const kind = kinds[k];
      if (kind === LITERAL) {
        if (byte !== bytes[k]) return false;
      } else if (((ACCEPTS[kind] >> CHAR_KIND[byte]) & 1) === 0) {
        return false;
      }
    }
    const hexTokens = this.hexTokens;
    for (let t = 0; t < hexTokens.length; t += 2) {
      let digits = 0;
      for (let k = hexTokens[t]; k < hexTokens[t + 1]; k++) digits += CHAR_KIND[data[start + k]] & 1;
      // All digits would fold to {n}; no digit would make it a word.
      if (digits === 0 || digits === hexTokens[t + 1] - hexTokens[t]) return false;
    }
    return true;
  }

  /**
   * The template of an ASCII key (printable, no whitespace) already folded to `patternHash`. Token rules
   * mirror foldKey: a UUID's groups are hex positions, a number's digits and a word's digit runs are digit
   * positions, a hex id's characters are hex positions; letters of words and separators are literal.
   */
  static build(data: Uint8Array, start: number, end: number, patternHash: number, tagOpen: number, tagClose: number): KeyTemplate {
    const length = end - start;
    const bytes = data.slice(start, end);
    const kinds = new Uint8Array(length);
    const hexTokens: number[] = [];
    let i = start;
    while (i < end) {
      if (TOKEN_CLASS[data[i]] === 0) {
        i++;
        continue;
      }
      const tokenStart = i;
      let digits = 0;
      let letters = 0;
      while (i < end && TOKEN_CLASS[data[i]] !== 0) {
        if (TOKEN_CLASS[data[i]] === TOKEN_DIGIT) digits++;
        else if (TOKEN_CLASS[data[i]] === TOKEN_LETTER) letters++;
        i++;
      }
      const tokenLength = i - tokenStart;
      const symbol =
        tokenLength === 8 && letters === 0 && i < end && data[i] === 0x2d && isUuidAt(data, tokenStart, end)
          ? SYMBOL_UUID
          : digits === tokenLength
            ? SYMBOL_NUMBER
            : letters === 0 && tokenLength >= MIN_HEX_ID && digits > 0
              ? SYMBOL_HEX
              : -1;
      if (symbol === SYMBOL_UUID) {
        for (let k = tokenStart; k < tokenStart + 36; k++) kinds[k - start] = data[k] === 0x2d ? LITERAL : HEX_CHAR;
        i = tokenStart + 36;
      } else if (symbol === SYMBOL_NUMBER) {
        kinds.fill(DIGIT_ONLY, tokenStart - start, i - start);
      } else if (symbol === SYMBOL_HEX) {
        kinds.fill(HEX_CHAR, tokenStart - start, i - start);
        hexTokens.push(tokenStart - start, i - start);
      } else {
        for (let k = tokenStart; k < i; k++) if (TOKEN_CLASS[data[k]] === TOKEN_DIGIT) kinds[k - start] = DIGIT_ONLY;
      }
    }
    const relative = (at: number) => (at < 0 ? -1 : at - start);
    return new KeyTemplate(bytes, kinds, Int32Array.from(hexTokens), patternHash, relative(tagOpen), relative(tagClose));
  }
}
