/**
 * Key-name patterns: UUIDs, decimal numbers and hex ids folded into `{uuid}`, `{n}`, `{hex}` so that
 * `session:3f2a…:v2` and `session:9c1b…:v7` count together.
 *
 * Tokens are maximal runs of ASCII letters and digits; everything else is a literal separator. A token is
 * `{uuid}` when it starts an 8-4-4-4-12 hex group, `{n}` when all digits, `{hex}` when 8+ hex characters
 * with at least one digit ("deadbeef" is a word; a random 8-digit hex id lacks digits 0.04 % of the time),
 * else a word whose digit runs fold to `{n}` ("user1000" → "user{n}").
 *
 * Folding yields a 53-bit hash; text is only built the first time a hash is seen. The scanner runs the
 * same folding fused with its content check (see sds-scanner.ts); `foldKey` here is the reference both
 * must agree with (a unit test holds them to it).
 */
import { escapeBytes } from "./text";

export const TOKEN_DIGIT = 32;
export const TOKEN_HEX_LETTER = 64;
export const TOKEN_LETTER = 96;
export const TOKEN_MASK = 96;

/** Token class of a byte (0 for separators), in the bit positions the scanner's class table uses. */
export const TOKEN_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let c = 0x30; c <= 0x39; c++) table[c] = TOKEN_DIGIT;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = c <= 0x66 ? TOKEN_HEX_LETTER : TOKEN_LETTER;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c <= 0x46 ? TOKEN_HEX_LETTER : TOKEN_LETTER;
  return table;
})();

export const SYMBOL_NUMBER = 256;
export const SYMBOL_HEX = 257;
export const SYMBOL_UUID = 258;
const PLACEHOLDERS: Record<number, string> = { [SYMBOL_NUMBER]: "{n}", [SYMBOL_HEX]: "{hex}", [SYMBOL_UUID]: "{uuid}" };
export const MIN_HEX_ID = 8;
export const HASH_SEED_1 = 0x811c9dc5 | 0;
export const HASH_SEED_2 = 0x9747b28c | 0;
export const WORD_SEED = 0x3c6ef372 | 0;
export const FNV_PRIME = 0x01000193;
const DASH = 0x2d;
/** Displayed pattern text is cut here (the hash still covers the whole key). */
export const MAX_PATTERN_TEXT = 160;

function isHexRun(data: Uint8Array, start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) {
    const c = TOKEN_CLASS[data[i]];
    if (c !== TOKEN_DIGIT && c !== TOKEN_HEX_LETTER) return false;
  }
  return true;
}

/** 8-4-4-4-12 hex digits with dashes at `start`, not followed by another letter or digit. */
export function isUuidAt(data: Uint8Array, start: number, end: number): boolean {
  if (start + 36 > end) return false;
  if (start + 36 < end && TOKEN_CLASS[data[start + 36]] !== 0) return false;
  return (
    data[start + 8] === DASH &&
    data[start + 13] === DASH &&
    data[start + 18] === DASH &&
    data[start + 23] === DASH &&
    isHexRun(data, start, 8) &&
    isHexRun(data, start + 9, 4) &&
    isHexRun(data, start + 14, 4) &&
    isHexRun(data, start + 19, 4) &&
    isHexRun(data, start + 24, 12)
  );
}

/** Combines the two running hashes into one exact JS number (< 2^53). */
export function finishHash(h1: number, h2: number): number {
  return (h1 >>> 0) * 2097152 + ((h2 ^ (h2 >>> 15)) & 0x1fffff);
}

/**
 * Reference folding of data[start, end): returns the pattern hash and, when `parts` is given, pushes the
 * pattern text. Bytes outside ASCII letters/digits (UTF-8 included) are literal separators.
 */
export function foldKey(data: Uint8Array, start: number, end: number, parts: string[] | null): number {
  let h1 = HASH_SEED_1;
  let h2 = HASH_SEED_2;
  let literalFrom = -1;
  const flush = (at: number) => {
    if (parts && literalFrom >= 0) parts.push(escapeBytes(data, literalFrom, at));
    literalFrom = -1;
  };
  let i = start;
  while (i < end) {
    const byte = data[i];
    if (TOKEN_CLASS[byte] === 0) {
      if (parts && literalFrom < 0) literalFrom = i;
      h1 = Math.imul(h1 ^ byte, FNV_PRIME);
      h2 = (h2 * 31 + byte) | 0;
      i++;
      continue;
    }
    const tokenStart = i;
    let digits = 0;
    let letters = 0;
    let word = WORD_SEED;
    let inDigits = false;
    while (i < end && TOKEN_CLASS[data[i]] !== 0) {
      const c = TOKEN_CLASS[data[i]];
      if (c === TOKEN_DIGIT) {
        digits++;
        if (!inDigits) word = Math.imul(word ^ SYMBOL_NUMBER, FNV_PRIME);
        inDigits = true;
      } else {
        if (c === TOKEN_LETTER) letters++;
        word = Math.imul(word ^ data[i], FNV_PRIME);
        inDigits = false;
      }
      i++;
    }
    const length = i - tokenStart;
    let symbol: number;
    if (length === 8 && letters === 0 && i < end && data[i] === DASH && isUuidAt(data, tokenStart, end)) {
      symbol = SYMBOL_UUID;
      i = tokenStart + 36;
    } else if (digits === length) {
      symbol = SYMBOL_NUMBER;
    } else if (letters === 0 && length >= MIN_HEX_ID && digits > 0) {
      symbol = SYMBOL_HEX;
    } else {
      symbol = word;
    }
    if (parts) {
      if (symbol === word) {
        // The word's own text, digit runs folded.
        flush(tokenStart);
        parts.push(wordText(data, tokenStart, i));
      } else {
        flush(tokenStart);
        parts.push(PLACEHOLDERS[symbol]);
      }
    }
    h1 = Math.imul(h1 ^ symbol, FNV_PRIME);
    h2 = (h2 * 31 + symbol) | 0;
  }
  flush(end);
  return finishHash(h1, h2);
}

function wordText(data: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let i = start; i < end; ) {
    if (TOKEN_CLASS[data[i]] === TOKEN_DIGIT) {
      text += "{n}";
      while (i < end && TOKEN_CLASS[data[i]] === TOKEN_DIGIT) i++;
    } else {
      text += String.fromCharCode(data[i++]);
    }
  }
  return text;
}

export function patternHash(data: Uint8Array, start: number, end: number): number {
  return foldKey(data, start, end, null);
}

export function patternText(data: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  foldKey(data, start, end, parts);
  const pattern = parts.join("");
  return pattern.length > MAX_PATTERN_TEXT ? `${pattern.slice(0, MAX_PATTERN_TEXT)}…` : pattern;
}

/** Pattern of a key given as text; for tests and callers outside the scanner. */
export function keyPattern(key: string): string {
  const bytes = Buffer.from(key, "utf8");
  return patternText(bytes, 0, bytes.length);
}
