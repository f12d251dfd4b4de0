/**
 * KeyInspector (../key-inspector.ts) in the module: content check, ASCII key folding into a pattern hash
 * with hashtag braces, and key templates (../key-template.ts) matched 16 bytes at a time. Strings with
 * bytes above 0x7f are decided by the host (`highBytes`), as rare as they are intricate.
 */
import {
  ACCEPT,
  ACCEPT_KEY,
  CLASS_CONTROL,
  CLASS_HIGH,
  CLASS_NEWLINE,
  CLASS_SPACE,
  CLASS_TAB,
  MAX_KEY_LIKE_LEN,
  REJECT,
  allowedBytes,
  byte,
  charClass,
  splat1,
  splat10,
  splat2,
  splat3,
  splat4,
  splat6,
  splatDigitZero,
  splatLowerA,
  splatSpace,
  classOf,
  data,
  forbidden,
  state,
} from "./memory";

/** Verdict for a string with bytes above 0x7f; writes pattern hash and brace positions to the state. */
@external("env", "highBytes")
declare function highBytes(start: i32, end: i32, mask: i32): i32;

const NOT_ASCII_KEY = CLASS_CONTROL | CLASS_NEWLINE | CLASS_TAB | CLASS_SPACE | CLASS_HIGH;
const TOKEN_DIGIT = 32;
const TOKEN_HEX_LETTER = 64;
const TOKEN_LETTER = 96;
const TOKEN_MASK = 96;
const SYMBOL_NUMBER = 256;
const SYMBOL_HEX = 257;
const SYMBOL_UUID = 258;
const MIN_HEX_ID = 8;
const HASH_SEED_1: i32 = 0x811c9dc5;
const HASH_SEED_2: i32 = 0x9747b28c;
const WORD_SEED: i32 = 0x3c6ef372;
const FNV_PRIME: i32 = 0x01000193;
const DASH = 0x2d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Set by inspect() when it returns ACCEPT_KEY: the pattern hash and absolute brace positions. */
export let patternHash: f64 = -1;
export let tagOpen: i32 = -1;
export let tagClose: i32 = -1;

/** KeyInspector.inspect, with key templates matched 16 bytes at a time (see key-template.ts). */
export function inspect(start: i32, end: i32): i32 {
  const length = end - start;
  if (length <= MAX_KEY_LIKE_LEN) {
    const template = load<u32>(templates + (<usize>length << 2));
    if (template != 0 && templateMatches(template, start)) {
      store<i32>(template, load<i32>(template, T_HITS) + 1, T_HITS);
      patternHash = load<f64>(template, T_PATTERN);
      const open = load<i32>(template, T_TAG_OPEN);
      const close = load<i32>(template, T_TAG_CLOSE);
      tagOpen = open < 0 ? -1 : start + open;
      tagClose = close < 0 ? -1 : start + close;
      return ACCEPT_KEY;
    }
    if (length > 0 && (classOf(start) & forbidden) != 0) return REJECT;
    if (foldAsciiKey(start, end) == end) {
      if (length == 0) return ACCEPT;
      // A new shape replaces the template; one that keeps missing is only rebuilt now and then.
      if (template == 0 || load<i32>(template, T_HITS) > 0) buildTemplate(start, end);
      else {
        const misses = load<i32>(template, T_MISSES) + 1;
        store<i32>(template, misses, T_MISSES);
        if (misses % 8 == 0) buildTemplate(start, end);
      }
      return ACCEPT_KEY;
    }
  } else if (length > 0 && (classOf(start) & forbidden) != 0) {
    return REJECT;
  }
  return contentVerdict(start, end);
}

/**
 * Content check of a string that is not an ASCII key: REJECT at any forbidden byte, ACCEPT without bytes
 * above 0x7f, else JavaScript decides (UTF-8). Checking from `start` rather than from where folding
 * stopped gives the same verdict: the bytes before that point were allowed ASCII key characters.
 */
function contentVerdict(start: i32, end: i32): i32 {
  const zero = i8x16.splat(0);
  let high = zero;
  let k = start;
  for (; k + 16 <= end; k += 16) {
    const bytes = v128.load(data + <usize>k);
    if (!i8x16.all_true(allowedBytes(bytes))) return REJECT;
    high = v128.or(high, i8x16.lt_s(bytes, zero));
  }
  let mask = 0;
  for (; k < end; k++) mask |= classOf(k);
  if ((mask & forbidden) != 0) return REJECT;
  if ((mask & CLASS_HIGH) == 0 && !v128.any_true(high)) return ACCEPT;
  mask = 0;
  for (k = start; k < end; k++) mask |= classOf(k);
  const verdict = highBytes(start, end, mask);
  if (verdict == ACCEPT_KEY) {
    patternHash = load<f64>(state);
    tagOpen = <i32>load<f64>(state, 8);
    tagClose = <i32>load<f64>(state, 16);
  }
  return verdict;
}

// Key templates: per key length, the last folded key's bytes and, per byte, what may vary there.
const KIND_LITERAL: u8 = 0;
const KIND_DIGITS: u8 = 1;
const KIND_HEX_CHARS: u8 = 2;
const KIND_HEX_ID: u8 = 3;
/** Padding after the key: matches anything. */
const KIND_ANY: u8 = 4;
const T_LENGTH = 0;
const T_HITS = 4;
const T_MISSES = 8;
const T_TAG_OPEN = 12;
const T_TAG_CLOSE = 16;
const T_HEX_IDS = 20;
const T_PATTERN = 24;
const T_BYTES = 32;
let templates: usize = 0;

/** Room for one template pointer per key length (none yet). */
export function initTemplates(): void {
  templates = heap.alloc(<usize>(MAX_KEY_LIKE_LEN + 1) << 2);
  memory.fill(templates, 0, <usize>(MAX_KEY_LIKE_LEN + 1) << 2);
}

@inline function paddedLength(length: i32): i32 {
  return (length + 15) & ~15;
}

function templateMatches(template: usize, start: i32): bool {
  const padded = paddedLength(load<i32>(template, T_LENGTH));
  const bytesAt = template + T_BYTES;
  const kindsAt = bytesAt + <usize>padded;
  for (let k = 0; k < padded; k += 16) {
    const bytes = v128.load(data + <usize>(start + k));
    const kinds = v128.load(kindsAt + <usize>k);
    // Constants are globals (see memory.ts): splatN is the byte N in every lane, KIND_* are 0 to 4.
    const digit = i8x16.lt_u(i8x16.sub(bytes, splatDigitZero), splat10);
    const hexLetter = i8x16.lt_u(i8x16.sub(v128.or(bytes, splatSpace), splatLowerA), splat6);
    const literalOk = v128.and(i8x16.eq(kinds, i8x16.splat(KIND_LITERAL)), i8x16.eq(bytes, v128.load(bytesAt + <usize>k)));
    const digitOk = v128.and(i8x16.eq(kinds, splat1), digit);
    const hexKind = v128.or(i8x16.eq(kinds, splat2), i8x16.eq(kinds, splat3));
    const hexOk = v128.and(hexKind, v128.or(digit, hexLetter));
    const ok = v128.or(v128.or(literalOk, digitOk), v128.or(hexOk, i8x16.eq(kinds, splat4)));
    if (!i8x16.all_true(ok)) return false;
  }
  // A {hex} token needs a digit and a letter (else it folds as {n} or a word).
  const hexIds = load<i32>(template, T_HEX_IDS);
  const segments = kindsAt + <usize>padded;
  for (let s = 0; s < hexIds; s++) {
    const from = start + load<i32>(segments + (<usize>s << 3));
    const to = start + load<i32>(segments + (<usize>s << 3), 4);
    let digits = 0;
    for (let k = from; k < to; k++) if ((classOf(k) & TOKEN_MASK) == TOKEN_DIGIT) digits++;
    if (digits == 0 || digits == to - from) return false;
  }
  return true;
}

/** Records the template of the ASCII key just folded (patternHash and braces are set). Port of KeyTemplate.build. */
function buildTemplate(start: i32, end: i32): void {
  const length = end - start;
  const padded = paddedLength(length);
  let template = load<u32>(templates + (<usize>length << 2));
  if (template == 0) {
    // Bytes, kinds, then {hex} segments (at most one per 9 bytes): 3 × padded is always enough.
    template = <u32>heap.alloc(<usize>(T_BYTES + 3 * padded + 16));
    store<u32>(templates + (<usize>length << 2), template);
  }
  store<i32>(template, length, T_LENGTH);
  store<i32>(template, 0, T_HITS);
  store<i32>(template, 0, T_MISSES);
  store<i32>(template, tagOpen < 0 ? -1 : tagOpen - start, T_TAG_OPEN);
  store<i32>(template, tagClose < 0 ? -1 : tagClose - start, T_TAG_CLOSE);
  store<f64>(template, patternHash, T_PATTERN);
  const bytesAt = <usize>template + T_BYTES;
  const kindsAt = bytesAt + <usize>padded;
  const segments = kindsAt + <usize>padded;
  memory.copy(bytesAt, data + <usize>start, <usize>length);
  memory.fill(bytesAt + <usize>length, 0, <usize>(padded - length));
  memory.fill(kindsAt, KIND_LITERAL, <usize>length);
  memory.fill(kindsAt + <usize>length, KIND_ANY, <usize>(padded - length));
  let hexIds = 0;
  let i = start;
  while (i < end) {
    if ((classOf(i) & TOKEN_MASK) == 0) {
      i++;
      continue;
    }
    const tokenStart = i;
    let digits = 0;
    let letters = 0;
    while (i < end && (classOf(i) & TOKEN_MASK) != 0) {
      const token = classOf(i) & TOKEN_MASK;
      if (token == TOKEN_DIGIT) digits++;
      else if (token == TOKEN_LETTER) letters++;
      i++;
    }
    const tokenLength = i - tokenStart;
    if (tokenLength == 8 && letters == 0 && i < end && byte(i) == DASH && isUuidAt(tokenStart, end)) {
      for (let k = tokenStart; k < tokenStart + 36; k++) store<u8>(kindsAt + <usize>(k - start), byte(k) == DASH ? KIND_LITERAL : KIND_HEX_CHARS);
      i = tokenStart + 36;
    } else if (digits == tokenLength) {
      memory.fill(kindsAt + <usize>(tokenStart - start), KIND_DIGITS, <usize>tokenLength);
    } else if (letters == 0 && tokenLength >= MIN_HEX_ID && digits > 0) {
      memory.fill(kindsAt + <usize>(tokenStart - start), KIND_HEX_ID, <usize>tokenLength);
      store<i32>(segments + (<usize>hexIds << 3), tokenStart - start);
      store<i32>(segments + (<usize>hexIds << 3), i - start, 4);
      hexIds++;
    } else {
      for (let k = tokenStart; k < i; k++) if ((classOf(k) & TOKEN_MASK) == TOKEN_DIGIT) store<u8>(kindsAt + <usize>(k - start), KIND_DIGITS);
    }
  }
  store<i32>(template, hexIds, T_HEX_IDS);
}

function isHexRun(start: i32, length: i32): bool {
  for (let i = start; i < start + length; i++) {
    const token = classOf(i) & TOKEN_MASK;
    if (token != TOKEN_DIGIT && token != TOKEN_HEX_LETTER) return false;
  }
  return true;
}

export function isUuidAt(start: i32, end: i32): bool {
  if (start + 36 > end) return false;
  if (start + 36 < end && (classOf(start + 36) & TOKEN_MASK) != 0) return false;
  return (
    byte(start + 8) == DASH &&
    byte(start + 13) == DASH &&
    byte(start + 18) == DASH &&
    byte(start + 23) == DASH &&
    isHexRun(start, 8) &&
    isHexRun(start + 9, 4) &&
    isHexRun(start + 14, 4) &&
    isHexRun(start + 19, 4) &&
    isHexRun(start + 24, 12)
  );
}

function foldAsciiKey(start: i32, end: i32): i32 {
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
    const value = byte(i);
    const cls = <i32>load<u8>(charClass + <usize>value);
    if ((cls & NOT_ASCII_KEY) != 0) return i;
    const token = cls & TOKEN_MASK;
    if (token != 0) {
      if (tokenStart < 0) {
        tokenStart = i;
        digits = 0;
        letters = 0;
        word = WORD_SEED;
        previousDigit = false;
      }
      if (token == TOKEN_DIGIT) {
        digits++;
        if (!previousDigit) word = (word ^ SYMBOL_NUMBER) * FNV_PRIME;
        previousDigit = true;
      } else {
        if (token == TOKEN_LETTER) letters++;
        word = (word ^ value) * FNV_PRIME;
        previousDigit = false;
      }
      continue;
    }
    if (tokenStart >= 0) {
      const length = i - tokenStart;
      const uuid = length == 8 && letters == 0 && value == DASH && isUuidAt(tokenStart, end);
      const symbol = uuid
        ? SYMBOL_UUID
        : digits == length
          ? SYMBOL_NUMBER
          : letters == 0 && length >= MIN_HEX_ID && digits > 0
            ? SYMBOL_HEX
            : word;
      h1 = (h1 ^ symbol) * FNV_PRIME;
      h2 = h2 * 31 + symbol;
      tokenStart = -1;
      if (uuid) {
        i = i + 27;
        continue;
      }
    }
    if (value == OPEN_BRACE) {
      if (open < 0) open = i;
    } else if (value == CLOSE_BRACE && open >= 0 && close < 0) {
      close = i;
    }
    h1 = (h1 ^ value) * FNV_PRIME;
    h2 = h2 * 31 + value;
  }
  if (tokenStart >= 0) {
    const length = end - tokenStart;
    const symbol = digits == length ? SYMBOL_NUMBER : letters == 0 && length >= MIN_HEX_ID && digits > 0 ? SYMBOL_HEX : word;
    h1 = (h1 ^ symbol) * FNV_PRIME;
    h2 = h2 * 31 + symbol;
  }
  patternHash = <f64><u32>h1 * 2097152 + <f64>((h2 ^ (<i32>(<u32>h2 >> 15))) & 0x1fffff);
  tagOpen = open;
  tagClose = close;
  return end;
}
