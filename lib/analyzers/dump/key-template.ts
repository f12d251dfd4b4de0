/**
 * Key templates: a fast path for the pattern folding of keys that share a shape.
 *
 * Leaked or bulk-created keys come in millions with one shape (`acct:{uuid}:sessions:{n}:…`). After a
 * key is folded, its template records, per byte, whether the byte is literal (must be equal) or a digit /
 * hex character of a folded token. A later key of the same length whose bytes satisfy the template folds
 * to the same pattern hash with the same hashtag braces, and is a valid ASCII key: so one compare loop
 * replaces content check, tokenizing and hashing. A key that does not fit simply takes the full path.
 */
import { MIN_HEX_ID, TOKEN_CLASS, TOKEN_DIGIT, TOKEN_HEX_LETTER, TOKEN_LETTER, isUuidAt } from "./patterns";

const LITERAL = 0;
const DIGITS = 1;
/** Hex characters of a UUID group: any mix of digits and hex letters. */
const HEX_CHARS = 2;
/** A `{hex}` token: hex characters with at least one digit and one letter (else `{n}` or a word). */
const HEX_ID = 3;
/** For each byte: 1 digit, 2 hex letter, 0 anything else. */
const CHAR_KIND = (() => {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) table[c] = TOKEN_CLASS[c] === TOKEN_DIGIT ? 1 : TOKEN_CLASS[c] === TOKEN_HEX_LETTER ? 2 : 0;
  return table;
})();

export class KeyTemplate {
  hits = 0;
  misses = 0;

  private constructor(
    /** The key's bytes (literal segments are compared with them). */
    private readonly bytes: Uint8Array,
    /** Segments as [kind, from, to] triples covering the key; one tight loop each when matching. */
    private readonly segments: Int32Array,
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
    const segments = this.segments;
    for (let s = 0; s < segments.length; s += 3) {
      const kind = segments[s];
      const to = segments[s + 2];
      let k = segments[s + 1];
      if (kind === LITERAL) {
        for (; k < to; k++) if (data[start + k] !== bytes[k]) return false;
      } else if (kind === DIGITS) {
        for (; k < to; k++) if (CHAR_KIND[data[start + k]] !== 1) return false;
      } else {
        let seen = 0;
        for (; k < to; k++) {
          const charKind = CHAR_KIND[data[start + k]];
          if (charKind === 0) return false;
          seen |= charKind;
        }
        if (kind === HEX_ID && seen !== 3) return false;
      }
    }
    return true;
  }

  /**
   * The template of an ASCII key (printable, no whitespace) already folded to `patternHash`. Token rules
   * mirror foldKey: a UUID's groups are hex positions, a number's digits and a word's digit runs are digit
   * positions, a hex id's characters are hex positions; letters of words and separators are literal.
   */
  static build(data: Uint8Array, start: number, end: number, patternHash: number, tagOpen: number, tagClose: number): KeyTemplate {
    const kinds = new Uint8Array(end - start);
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
      if (tokenLength === 8 && letters === 0 && i < end && data[i] === 0x2d && isUuidAt(data, tokenStart, end)) {
        for (let k = tokenStart; k < tokenStart + 36; k++) kinds[k - start] = data[k] === 0x2d ? LITERAL : HEX_CHARS;
        i = tokenStart + 36;
      } else if (digits === tokenLength) {
        kinds.fill(DIGITS, tokenStart - start, i - start);
      } else if (letters === 0 && tokenLength >= MIN_HEX_ID && digits > 0) {
        kinds.fill(HEX_ID, tokenStart - start, i - start);
      } else {
        for (let k = tokenStart; k < i; k++) if (TOKEN_CLASS[data[k]] === TOKEN_DIGIT) kinds[k - start] = DIGITS;
      }
    }
    // Consecutive positions of one kind form a segment; each {hex} token is its own segment (its digit /
    // letter test is per token) — tokens are separated by literals, so runs never join two of them.
    const segments: number[] = [];
    for (let k = 0; k < kinds.length; ) {
      let to = k + 1;
      while (to < kinds.length && kinds[to] === kinds[k]) to++;
      segments.push(kinds[k], k, to);
      k = to;
    }
    const relative = (at: number) => (at < 0 ? -1 : at - start);
    // A copy: `data` may be a Buffer (whose slice() is a view) that the next chunk is read into.
    const bytes = Uint8Array.prototype.slice.call(data, start, end);
    return new KeyTemplate(bytes, Int32Array.from(segments), patternHash, relative(tagOpen), relative(tagClose));
  }
}
