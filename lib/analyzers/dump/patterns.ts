/**
 * Key-name patterns: UUIDs, decimal numbers and long hex runs folded into `{uuid}`, `{n}`, `{hex}` so that
 * `session:3f2a…:v2` and `session:9c1b…:v7` count together. Folding runs on bytes and yields a 53-bit hash;
 * the pattern text is only built the first time a hash is seen, which keeps the per-string cost low.
 */
import { escapeBytes } from "./text";

const OTHER = 0;
const DIGIT = 1;
const HEX_LETTER = 2;
const LETTER = 3;
const CHAR_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let c = 0x30; c <= 0x39; c++) table[c] = DIGIT;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = c <= 0x66 ? HEX_LETTER : LETTER;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c <= 0x46 ? HEX_LETTER : LETTER;
  return table;
})();

const SYMBOL_NUMBER = 256;
const SYMBOL_HEX = 257;
const SYMBOL_UUID = 258;
const PLACEHOLDERS: Record<number, string> = { [SYMBOL_NUMBER]: "{n}", [SYMBOL_HEX]: "{hex}", [SYMBOL_UUID]: "{uuid}" };
/**
 * Hex runs fold from 8 characters when they contain a digit: "deadbeef" and "aaaaaaaaaaaaaaaa" are words,
 * while a random 8+ digit hex id lacks a digit with negligible probability ((6/16)^8 ≈ 0.04 %).
 */
const SHORT_HEX = 8;
const DASH = 0x2d;
/** Displayed pattern text is cut here (the hash still covers the whole key). */
export const MAX_PATTERN_TEXT = 160;

function isHexRun(data: Uint8Array, start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) {
    const c = CHAR_CLASS[data[i]];
    if (c !== DIGIT && c !== HEX_LETTER) return false;
  }
  return true;
}

/** 8-4-4-4-12 hex digits with dashes starting at `start`, not followed by another letter or digit. */
function isUuidAt(data: Uint8Array, start: number, end: number): boolean {
  if (start + 36 > end) return false;
  if (start + 36 < end && CHAR_CLASS[data[start + 36]] !== OTHER) return false;
  return (
    data[start + 8] === DASH &&
    data[start + 13] === DASH &&
    data[start + 18] === DASH &&
    data[start + 23] === DASH &&
    isHexRun(data, start + 9, 4) &&
    isHexRun(data, start + 14, 4) &&
    isHexRun(data, start + 19, 4) &&
    isHexRun(data, start + 24, 12)
  );
}

/** Builds the pattern text alongside the hash when asked; null in the hot path. */
class PatternText {
  parts: string[] = [];
  literalFrom = -1;
  constructor(private readonly data: Uint8Array) {}
  literal(at: number): void {
    if (this.literalFrom < 0) this.literalFrom = at;
  }
  placeholder(at: number, symbol: number): void {
    this.flush(at);
    this.parts.push(PLACEHOLDERS[symbol]);
  }
  flush(at: number): void {
    if (this.literalFrom >= 0) this.parts.push(escapeBytes(this.data, this.literalFrom, at));
    this.literalFrom = -1;
  }
}

/**
 * Folds the key in data[start, end) and returns the pattern's hash; fills `text` (when given) with the
 * pattern. Tokens are maximal runs of ASCII letters and digits; the rest are literal separators.
 */
function foldKey(data: Uint8Array, start: number, end: number, text: PatternText | null): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  let i = start;
  while (i < end) {
    const byte = data[i];
    if (CHAR_CLASS[byte] === OTHER) {
      text?.literal(i);
      h1 = Math.imul(h1 ^ byte, 0x01000193);
      h2 = Math.imul(h2 ^ byte, 0x5bd1e995);
      i++;
      continue;
    }
    let j = i;
    let digits = 0;
    let letters = 0;
    while (j < end) {
      const c = CHAR_CLASS[data[j]];
      if (c === OTHER) break;
      if (c === DIGIT) digits++;
      else if (c === LETTER) letters++;
      j++;
    }
    const length = j - i;
    let symbol = -1;
    let next = j;
    if (length === SHORT_HEX && letters === 0 && j < end && data[j] === DASH && isUuidAt(data, i, end)) {
      symbol = SYMBOL_UUID;
      next = i + 36;
    } else if (digits === length) {
      symbol = SYMBOL_NUMBER;
    } else if (letters === 0 && length >= SHORT_HEX && digits > 0) {
      symbol = SYMBOL_HEX;
    }
    if (symbol >= 0) {
      text?.placeholder(i, symbol);
      h1 = Math.imul(h1 ^ symbol, 0x01000193);
      h2 = Math.imul(h2 ^ symbol, 0x5bd1e995);
      i = next;
      continue;
    }
    // A word: keep letters, fold each digit run ("user1000" → "user{n}").
    while (i < j) {
      const b = data[i];
      if (CHAR_CLASS[b] === DIGIT) {
        text?.placeholder(i, SYMBOL_NUMBER);
        h1 = Math.imul(h1 ^ SYMBOL_NUMBER, 0x01000193);
        h2 = Math.imul(h2 ^ SYMBOL_NUMBER, 0x5bd1e995);
        while (i < j && CHAR_CLASS[data[i]] === DIGIT) i++;
      } else {
        text?.literal(i);
        h1 = Math.imul(h1 ^ b, 0x01000193);
        h2 = Math.imul(h2 ^ b, 0x5bd1e995);
        i++;
      }
    }
  }
  text?.flush(end);
  h2 ^= h2 >>> 15;
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

export function patternHash(data: Uint8Array, start: number, end: number): number {
  return foldKey(data, start, end, null);
}

export function patternText(data: Uint8Array, start: number, end: number): string {
  const text = new PatternText(data);
  foldKey(data, start, end, text);
  const pattern = text.parts.join("");
  return pattern.length > MAX_PATTERN_TEXT ? `${pattern.slice(0, MAX_PATTERN_TEXT)}…` : pattern;
}

/** Pattern of a key given as text; for tests and callers outside the scanner. */
export function keyPattern(key: string): string {
  const bytes = Buffer.from(key, "utf8");
  return patternText(bytes, 0, bytes.length);
}
