/**
 * The hot loop: finds SDS strings in one chunk of memory.
 *
 * Only aligned header starts are examined (step = alignment), and at each one five bytes decide whether
 * any header type is possible: the flags byte of sdshdr5 (at +0, low 3 bits 0), sdshdr8 (+2 == 1),
 * sdshdr16 (+4 == 2), sdshdr32 (+8 == 3) and sdshdr64 (+16 == 4). Types 8..64 never set the flags byte's
 * upper bits, so an exact compare is both correct and the cheapest filter. sdshdr5 flags are common in
 * ordinary data (every 8-aligned pointer has one), so its terminator is tested inline before any call.
 *
 * Accepted characters are read once: the content check, the key-pattern folding (same rules as
 * foldKey in patterns.ts) and the hashtag search share one pass.
 */
import { crc16 } from "../cluster-slots";
import * as patterns from "./patterns";
import { KeyTemplate } from "./key-template";
import { finishHash, foldKey, isUuidAt } from "./patterns";
import { BYTE_CLASS, CLASS_CONTROL, CLASS_HIGH, CLASS_NEWLINE, CLASS_SPACE, CLASS_TAB, isValidUtf8 } from "./text";
import { EMBSTR_TYPE, HEADER_SIZES, MAX_KEY_LIKE_LEN, REJECTION_RULES, ROBJ_SIZE, type ChunkTask, type ScanSettings } from "./types";

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
const TOKEN_CLASS = patterns.TOKEN_CLASS;

/** Receives accepted strings. `start` is the allocation start: the robj for EMBSTR, else the header. */
export interface StringSink {
  /** `pattern` is the key-pattern hash of key-like strings (else -1); `slot` their hash slot (else -1). */
  add(data: Uint8Array, start: number, type: number, charsStart: number, len: number, alloc: number, pattern: number, slot: number): void;
}

// Rule indexes as plain constants: property reads on a lookup object deoptimize the hot loop's exit.
const LEN_ABOVE_ALLOC = REJECTION_RULES.indexOf("lenAboveAlloc");
const TOO_LONG = REJECTION_RULES.indexOf("tooLong");
const CROSSES_REGION_END = REJECTION_RULES.indexOf("crossesRegionEnd");
const NO_TERMINATOR = REJECTION_RULES.indexOf("noTerminator");
const NESTED_IN_STRING = REJECTION_RULES.indexOf("nestedInString");
const BELOW_MIN_LEN = REJECTION_RULES.indexOf("belowMinLen");
const CONTENT = REJECTION_RULES.indexOf("content");
const TWO_POW_32 = 4294967296;
/** EMBSTR robj first byte: type OBJ_STRING (0) in the low nibble, encoding OBJ_ENCODING_EMBSTR (8) above. */
const EMBSTR_ROBJ_BYTE0 = 0x80;
/** How many recent terminators the nested-string rule remembers (overlapping look-alikes are rare). */
const RECENT_TERMINATORS = 4;
/** sdshdr5 flags bytes: non-zero with the low 3 bits clear. */
const TYPE5_FLAGS = (() => {
  const table = new Uint8Array(256);
  for (let byte = 8; byte < 256; byte += 8) table[byte] = 1;
  return table;
})();
/** Content classes (low bits) and token classes (TOKEN_MASK bits) of every byte in one table. */
const CHAR_CLASS = (() => {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) table[byte] = BYTE_CLASS[byte] | TOKEN_CLASS[byte];
  return table;
})();
/** Bytes that stop the ASCII key fast path (the string is not a key, or needs the UTF-8 path). */
const NOT_ASCII_KEY = CLASS_CONTROL | CLASS_NEWLINE | CLASS_TAB | CLASS_SPACE | CLASS_HIGH;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DASH = 0x2d;
const REJECT = 0;
const ACCEPT = 1;
const ACCEPT_KEY = 2;
/** An sdshdr5 string (flags, ≤ 31 characters, NUL) ends within 32 bytes of its header. */
const SHORT_STRING_REACH = 32;

export class SdsScanner {
  /** Rejections by rule (REJECTION_RULES order) for the candidates this chunk owns. */
  readonly rejections = new Float64Array(REJECTION_RULES.length);
  accepted = 0;

  private data: Uint8Array = Buffer.alloc(0);
  private base = 0;
  private ownedFrom = 0;
  private ownedTo = 0;
  private regionEndsHere = false;
  private readonly recentTerminators = new Float64Array(RECENT_TERMINATORS).fill(-1);
  private scratch = Buffer.alloc(0);
  private recentNext = 0;
  private readonly align: number;
  private readonly minLen: number;
  private readonly maxLen: number;
  private readonly forbidden: number;
  private readonly checkUtf8: boolean;
  private readonly ownedSlots: Uint8Array | null;
  /** Results of the last inspect(): pattern hash and hashtag bounds of a key-like string. */
  private patternHash = -1;
  private tagOpen = -1;
  private tagClose = -1;
  /** sdshdr5 look-alikes scanMain rejected for their first character (it returns only one number). */
  private pendingContentRejections = 0;
  /** Whether the last inspect() folded an ASCII key (only those make templates). */
  private asciiKey = false;
  /** Latest key template per key length (see key-template.ts). */
  private readonly templates: (KeyTemplate | null)[] = new Array<KeyTemplate | null>(MAX_KEY_LIKE_LEN + 1).fill(null);

  constructor(
    settings: ScanSettings,
    private readonly sink: StringSink,
  ) {
    this.align = settings.align;
    this.minLen = settings.minLen;
    this.maxLen = settings.maxLen;
    this.forbidden =
      settings.content === "printable" ? CLASS_CONTROL | CLASS_NEWLINE | CLASS_HIGH : settings.content === "utf8" ? CLASS_CONTROL : 0;
    this.checkUtf8 = settings.content === "utf8";
    this.ownedSlots = settings.ownedSlots;
  }

  /** Scans `data`, whose first byte is at task.dataStart and which ends at task.ownedEnd. */
  scan(data: Uint8Array, task: ChunkTask): void {
    this.base = task.dataStart;
    this.ownedFrom = task.ownedStart - task.dataStart;
    this.ownedTo = task.ownedEnd - task.dataStart;
    this.regionEndsHere = task.ownedEnd === task.regionEnd;
    this.recentTerminators.fill(-1);
    const length = Math.min(data.length, this.ownedTo);
    if (this.align !== 8) {
      this.data = data;
      this.scanBytes(length);
      return;
    }
    const first = (8 - (this.base % 8)) % 8;
    this.data = (data.byteOffset + first) % 8 === 0 ? data : this.realigned(data, first, length);
    this.scanWords(first, length);
  }

  /**
   * Alignment 8, the default: headers start on 8-byte words, so every possible flags byte is byte 0
   * (sdshdr5 here, sdshdr32 of the word before, sdshdr64 of two words before), byte 2 (sdshdr8) or byte 4
   * (sdshdr16) of a word. One Float64Array read skips a word whose bytes are all zero (zero pages are
   * common in cores). Candidates come in flags-byte order, like scanBytes.
   */
  private scanWords(first: number, length: number): void {
    const data = this.data;
    const words = new Float64Array(data.buffer, data.byteOffset + first, Math.max(0, Math.floor((length - first) / 8)));
    const wordAt = (index: number) => Math.max(0, Math.ceil((index - first) / 8));
    const lookbackEnd = Math.min(wordAt(this.ownedFrom - SHORT_STRING_REACH), wordAt(length - 8));
    const mainStart = Math.max(lookbackEnd, wordAt(this.ownedFrom));
    const mainEnd = Math.max(mainStart, Math.min(words.length, wordAt(length - SHORT_STRING_REACH)));
    this.scanLookbackWords(words, first, 0, lookbackEnd);
    for (let k = lookbackEnd; k < mainStart; k++) this.wordCarefully(first + k * 8, length);
    this.rejections[NO_TERMINATOR] += this.scanMainWords(words, first, mainStart, mainEnd);
    this.rejections[CONTENT] += this.pendingContentRejections;
    for (let p = first + mainEnd * 8; p < length; p += 8) this.wordCarefully(p, length);
  }

  /**
   * The bulk of the chunk: all three flag bytes and any sdshdr5 terminator lie inside the data, and every
   * sdshdr5 candidate ends in the owned range, so its usual rejections are counted inline without a call.
   */
  private scanMainWords(words: Float64Array, first: number, from: number, to: number): number {
    const data = this.data;
    const forbidden = this.forbidden;
    const minLen = Math.max(1, this.minLen);
    const maxLen = this.maxLen;
    let type5Flags = 0;
    let type5Passed = 0;
    let type5BadFirstChar = 0;
    for (let k = from; k < to; k++) {
      if (words[k] === 0) continue;
      const p = first + k * 8;
      const flags = data[p];
      if (TYPE5_FLAGS[flags] !== 0) {
        type5Flags++;
        const len = flags >>> 3;
        if (data[p + 1 + len] === 0) {
          // Look-alikes in pointers and integers fail on their first character: counted as candidate()
          // would count them (content is the first rule they fail), without the call.
          if ((CHAR_CLASS[data[p + 1]] & forbidden) !== 0 && len >= minLen && len <= maxLen && !this.isRecentTerminator(p + 1 + len)) {
            type5BadFirstChar++;
          } else {
            type5Passed++;
            this.candidate(p, 0, 1, len, len);
          }
        }
      } else if (flags === 3) {
        if (p >= 8) this.candidate(p - 8, 3, 9, this.u32(p - 8), this.u32(p - 4));
      } else if (flags === 4) {
        if (p >= 16) this.candidate(p - 16, 4, 17, this.u64(p - 16), this.u64(p - 8));
      }
      if (data[p + 2] === 1) this.candidate(p, 1, 3, data[p], data[p + 1]);
      if (data[p + 4] === 2) this.candidate(p, 2, 5, data[p] | (data[p + 1] << 8), data[p + 2] | (data[p + 3] << 8));
    }
    // Returned, not stored: code after an on-stack-replaced loop has no type feedback, and a property
    // store there would deoptimize this function.
    this.pendingContentRejections = type5BadFirstChar;
    return type5Flags - type5Passed - type5BadFirstChar;
  }

  /** Look-back words: only headers whose strings can reach the owned range (sdshdr5 cannot from here). */
  private scanLookbackWords(words: Float64Array, first: number, from: number, to: number): void {
    const data = this.data;
    for (let k = from; k < to; k++) {
      if (words[k] === 0) continue;
      const p = first + k * 8;
      const flags = data[p];
      if (flags === 3) {
        if (p >= 8) this.candidate(p - 8, 3, 9, this.u32(p - 8), this.u32(p - 4));
      } else if (flags === 4) {
        if (p >= 16) this.candidate(p - 16, 4, 17, this.u64(p - 16), this.u64(p - 8));
      }
      if (data[p + 2] === 1) this.candidate(p, 1, 3, data[p], data[p + 1]);
      if (data[p + 4] === 2) this.candidate(p, 2, 5, data[p] | (data[p + 1] << 8), data[p + 2] | (data[p + 3] << 8));
    }
  }

  /** One word near the owned range's start or the data's end: bounds-checked, all through candidate(). */
  private wordCarefully(p: number, length: number): void {
    const data = this.data;
    const flags = data[p];
    if (TYPE5_FLAGS[flags] !== 0) this.candidate(p, 0, 1, flags >>> 3, flags >>> 3);
    else if (flags === 3 && p >= 8) this.candidate(p - 8, 3, 9, this.u32(p - 8), this.u32(p - 4));
    else if (flags === 4 && p >= 16) this.candidate(p - 16, 4, 17, this.u64(p - 16), this.u64(p - 8));
    if (p + 2 < length && data[p + 2] === 1) this.candidate(p, 1, 3, data[p], data[p + 1]);
    if (p + 4 < length && data[p + 4] === 2) this.candidate(p, 2, 5, data[p] | (data[p + 1] << 8), data[p + 2] | (data[p + 3] << 8));
  }

  /**
   * Any other alignment: every byte is a possible flags byte, its header start follows from its value,
   * and the header (for EMBSTR: the robj) must be aligned. Slower, used only when asked for.
   */
  private scanBytes(length: number): void {
    const data = this.data;
    const align = this.align;
    const base = this.base;
    for (let p = 0; p < length; p++) {
      const flags = data[p];
      if (flags === 0) continue;
      if (TYPE5_FLAGS[flags] !== 0) {
        if ((base + p) % align === 0) this.candidate(p, 0, 1, flags >>> 3, flags >>> 3);
      } else if (flags <= 4) {
        const header = p - HEADER_SIZES[flags] + 1;
        if (header < 0) continue;
        const aligned = (base + header) % align === 0;
        // With an alignment above 16 an EMBSTR's header (robj + 16) is not itself aligned, its robj is.
        if (!aligned && !(flags === 1 && align > ROBJ_SIZE && this.robjBefore(header))) continue;
        if (flags === 1) this.candidate(header, 1, 3, data[header], data[header + 1]);
        else if (flags === 2) this.candidate(header, 2, 5, data[header] | (data[header + 1] << 8), data[header + 2] | (data[header + 3] << 8));
        else if (flags === 3) this.candidate(header, 3, 9, this.u32(header), this.u32(header + 4));
        else this.candidate(header, 4, 17, this.u64(header), this.u64(header + 8));
      }
    }
  }

  /** A copy whose aligned addresses fall on 8-byte boundaries, so they can be read as Float64 words. */
  private realigned(data: Uint8Array, first: number, length: number): Uint8Array {
    const shift = (8 - (first % 8)) % 8;
    if (this.scratch.length < length + shift) this.scratch = Buffer.allocUnsafeSlow(length + shift + 8);
    this.scratch.set(data.subarray(0, length), shift);
    return this.scratch.subarray(shift, shift + length);
  }

  private isRecentTerminator(terminator: number): boolean {
    const recent = this.recentTerminators;
    for (let r = 0; r < RECENT_TERMINATORS; r++) if (recent[r] === terminator) return true;
    return false;
  }

  private u32(i: number): number {
    const data = this.data;
    return (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16)) + data[i + 3] * 16777216;
  }

  /** Values from 2^53 up cannot be exact numbers; as Infinity they fail the length rules. */
  private u64(i: number): number {
    const high = this.u32(i + 4);
    return high >= 0x200000 ? Infinity : high * TWO_POW_32 + this.u32(i);
  }

  private robjBefore(header: number): boolean {
    const robj = header - ROBJ_SIZE;
    if (robj < 0 || this.data[robj] !== EMBSTR_ROBJ_BYTE0) return false;
    if ((this.base + robj) % this.align !== 0) return false;
    // robj->ptr points at the characters: robj + 16 (robj) + 3 (sdshdr8).
    return this.u64(header - 8) === this.base + header + 3;
  }

  private candidate(i: number, type: number, headerSize: number, len: number, alloc: number): void {
    // Length rules are counted by the chunk holding the flags byte (it sees the whole header); the others
    // by the chunk holding the terminator. Either way exactly one chunk counts each candidate.
    const owned = i + headerSize - 1 >= this.ownedFrom;
    if (len > alloc) {
      if (owned) this.rejections[LEN_ABOVE_ALLOC]++;
      return;
    }
    if (len > this.maxLen || alloc > Number.MAX_SAFE_INTEGER) {
      if (owned) this.rejections[TOO_LONG]++;
      return;
    }
    const terminator = i + headerSize + len;
    if (terminator < this.ownedFrom) return;
    if (terminator >= this.ownedTo) {
      if (this.regionEndsHere) this.rejections[CROSSES_REGION_END]++;
      return;
    }
    if (this.data[terminator] !== 0) {
      this.rejections[NO_TERMINATOR]++;
      return;
    }
    const recent = this.recentTerminators;
    for (let r = 0; r < RECENT_TERMINATORS; r++) {
      if (recent[r] === terminator) {
        this.rejections[NESTED_IN_STRING]++;
        return;
      }
    }
    if (len < this.minLen) {
      this.rejections[BELOW_MIN_LEN]++;
      return;
    }
    const charsStart = i + headerSize;
    const data = this.data;
    let verdict: number;
    const template = len <= MAX_KEY_LIKE_LEN ? this.templates[len] : null;
    if (template !== null && template.matches(data, charsStart)) {
      template.hits++;
      this.patternHash = template.patternHash;
      this.tagOpen = template.tagOpen < 0 ? -1 : charsStart + template.tagOpen;
      this.tagClose = template.tagClose < 0 ? -1 : charsStart + template.tagClose;
      verdict = ACCEPT_KEY;
    } else if (len > 0 && (CHAR_CLASS[data[charsStart]] & this.forbidden) !== 0) {
      // Most look-alikes (sdshdr5 flags in pointers) fail on their first character: skip the full pass.
      this.rejections[CONTENT]++;
      return;
    } else {
      verdict = this.inspect(charsStart, terminator);
      if (verdict === REJECT) {
        this.rejections[CONTENT]++;
        return;
      }
      // A new shape replaces the template, but one that keeps missing is only rebuilt now and then.
      if (verdict === ACCEPT_KEY && this.asciiKey && (template === null || template.hits > 0 || ++template.misses % 8 === 0)) {
        this.templates[len] = KeyTemplate.build(data, charsStart, terminator, this.patternHash, this.tagOpen, this.tagClose);
      }
    }
    recent[this.recentNext] = terminator;
    this.recentNext = (this.recentNext + 1) % RECENT_TERMINATORS;
    this.accepted++;
    let pattern = -1;
    let slot = -1;
    if (verdict === ACCEPT_KEY) {
      pattern = this.patternHash;
      if (this.ownedSlots !== null) {
        const hashtag = this.tagOpen >= 0 && this.tagClose > this.tagOpen + 1;
        slot = (hashtag ? crc16(this.data, this.tagOpen + 1, this.tagClose) : crc16(this.data, charsStart, terminator)) & 0x3fff;
      }
    }
    if (type === 1 && this.robjBefore(i)) {
      this.sink.add(this.data, i - ROBJ_SIZE, EMBSTR_TYPE, charsStart, len, alloc, pattern, slot);
    } else {
      this.sink.add(this.data, i, type, charsStart, len, alloc, pattern, slot);
    }
  }

  /**
   * Content check of data[start, end) and, while the string still looks like an ASCII key, its pattern
   * hash and hashtag braces, in one pass. Strings with bytes above 0x7f take the reference path.
   */
  private inspect(start: number, end: number): number {
    const data = this.data;
    let keyLike = end - start <= MAX_KEY_LIKE_LEN;
    let h1 = HASH_SEED_1;
    let h2 = HASH_SEED_2;
    let open = -1;
    let close = -1;
    // The current token (run of ASCII letters/digits): start, counts, and its word hash with digit runs
    // folded. One flat loop: nested per-token loops cost twice as much in branch mispredictions.
    let tokenStart = -1;
    let digits = 0;
    let letters = 0;
    let word = WORD_SEED;
    let previousDigit = false;
    let i = start;
    for (; keyLike && i < end; i++) {
      const byte = data[i];
      const cls = CHAR_CLASS[byte];
      if ((cls & NOT_ASCII_KEY) !== 0) {
        keyLike = false;
        break;
      }
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
        if (uuid) {
          // The dashes and groups are part of the UUID; resume after its 36 characters.
          i = tokenStart + 35;
          tokenStart = -1;
          continue;
        }
        tokenStart = -1;
      }
      if (byte === OPEN_BRACE) {
        if (open < 0) open = i;
      } else if (byte === CLOSE_BRACE && open >= 0 && close < 0) {
        close = i;
      }
      h1 = Math.imul(h1 ^ byte, FNV_PRIME);
      h2 = (h2 * 31 + byte) | 0;
    }
    if (keyLike && tokenStart >= 0) {
      const length = end - tokenStart;
      const symbol = digits === length ? SYMBOL_NUMBER : letters === 0 && length >= MIN_HEX_ID && digits > 0 ? SYMBOL_HEX : word;
      h1 = Math.imul(h1 ^ symbol, FNV_PRIME);
      h2 = (h2 * 31 + symbol) | 0;
    }
    this.asciiKey = keyLike;
    if (keyLike) {
      if (end === start) return ACCEPT;
      this.patternHash = finishHash(h1, h2);
      this.tagOpen = open;
      this.tagClose = close;
      return ACCEPT_KEY;
    }
    // Not an ASCII key: check the remaining content, then see whether it is a UTF-8 key after all.
    const forbidden = this.forbidden;
    let mask = 0;
    for (let k = i; k < end; k++) {
      mask |= CHAR_CLASS[data[k]];
      if ((mask & forbidden) !== 0) return REJECT;
    }
    if ((mask & CLASS_HIGH) === 0) return ACCEPT;
    const validUtf8 = isValidUtf8(data, start, end);
    if (this.checkUtf8 && !validUtf8) return REJECT;
    if (!validUtf8 || (mask & (CLASS_CONTROL | CLASS_NEWLINE | CLASS_TAB | CLASS_SPACE)) !== 0 || end - start > MAX_KEY_LIKE_LEN) {
      return ACCEPT;
    }
    this.patternHash = foldKey(data, start, end, null);
    this.tagOpen = data.indexOf(OPEN_BRACE, start);
    this.tagClose = this.tagOpen >= 0 && this.tagOpen < end ? data.indexOf(CLOSE_BRACE, this.tagOpen + 1) : -1;
    if (this.tagOpen >= end) this.tagOpen = -1;
    if (this.tagClose >= end) this.tagClose = -1;
    return ACCEPT_KEY;
  }
}
