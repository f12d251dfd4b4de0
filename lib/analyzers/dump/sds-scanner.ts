/**
 * The hot loop: finds SDS strings in one chunk of memory.
 *
 * Candidates are enumerated by their flags byte (the byte before the characters): sdshdr5 flags have the
 * low 3 bits clear and a non-zero length; sdshdr8/16/32/64 flags are exactly 1/2/3/4 (their upper bits
 * are unused), and the header start follows from the type. With the default alignment 8 every possible
 * flags byte is byte 0, 2 or 4 of an 8-byte word, so the loop reads words, skips all-zero ones with one
 * Float64 read, and tests three bytes. Other alignments take a byte-by-byte path.
 *
 * An sdshdr5 header is a single byte, and every 8-aligned pointer's low byte looks like one: such a byte
 * is a candidate only when the string's first character (and second, when it has two or more) is allowed
 * by the content class. Rejections of any candidate are counted by rule.
 *
 * Once a string is accepted, flags bytes up to its terminator are not examined: look-alikes inside a
 * string's characters (an sdshdr5 flags byte is any of 12 printable letters) are never candidates, and
 * string-dense memory is crossed string by string.
 *
 * Chunks own the strings whose terminator they hold. For printable and UTF-8 content (no NUL inside a
 * string) the strings found do not depend on where chunks are cut: a candidate that begins inside a
 * string ending before the chunk's owned range would have to include that string's NUL. Rejection counts
 * can differ by such look-alikes at chunk edges.
 */
import { crc16 } from "../cluster-slots";
import { ACCEPT_KEY, CHAR_CLASS, KeyInspector, REJECT, forbiddenClasses } from "./key-inspector";
import type { StringSink } from "./string-sink";
import { EMBSTR_TYPE, HEADER_SIZES, REJECTION_RULES, ROBJ_SIZE, type ChunkTask, type ScanSettings } from "./types";

// Rule indexes as plain constants: property reads on a lookup object deoptimize the hot loop's exit.
const LEN_ABOVE_ALLOC = REJECTION_RULES.indexOf("lenAboveAlloc");
const TOO_LONG = REJECTION_RULES.indexOf("tooLong");
const CROSSES_REGION_END = REJECTION_RULES.indexOf("crossesRegionEnd");
const NO_TERMINATOR = REJECTION_RULES.indexOf("noTerminator");
const BELOW_MIN_LEN = REJECTION_RULES.indexOf("belowMinLen");
const CONTENT = REJECTION_RULES.indexOf("content");
const TWO_POW_32 = 4294967296;
/** EMBSTR robj first byte: type OBJ_STRING (0) in the low nibble, encoding OBJ_ENCODING_EMBSTR (8) above. */
const EMBSTR_ROBJ_BYTE0 = 0x80;
/** An sdshdr5 string (flags, ≤ 31 characters, NUL) ends within 32 bytes of its flags byte. */
const SHORT_STRING_REACH = 32;
/** sdshdr5 flags bytes: non-zero with the low 3 bits clear. */
const TYPE5_FLAGS = (() => {
  const table = new Uint8Array(256);
  for (let byte = 8; byte < 256; byte += 8) table[byte] = 1;
  return table;
})();
/** 1 for a zero byte. */
const IS_ZERO = (() => {
  const table = new Uint8Array(256);
  table[0] = 1;
  return table;
})();
/** 1 for flags bytes of sdshdr32 / sdshdr64 (whose headers start one or two words earlier). */
const LONG_FLAGS = (() => {
  const table = new Uint8Array(256);
  table[3] = table[4] = 1;
  return table;
})();
/** Words per call of scanMainBlock. */
const MAIN_BLOCK_WORDS = 4096;
const NOT_ACCEPTED = -1;

export class SdsScanner {
  /** Rejections by rule (REJECTION_RULES order) for the candidates this chunk owns. */
  readonly rejections = new Float64Array(REJECTION_RULES.length);
  accepted = 0;

  private data: Uint8Array = Buffer.alloc(0);
  private base = 0;
  private ownedFrom = 0;
  private ownedTo = 0;
  private regionEndsHere = false;
  private scratch = Buffer.alloc(0);
  private readonly align: number;
  private readonly minLen: number;
  private readonly maxLen: number;
  private readonly ownedSlots: Uint8Array | null;
  private readonly inspector: KeyInspector;
  /** 1 for bytes the content class allows in a string. */
  private readonly charOk = new Uint8Array(256);
  /** 1 for sdshdr5 flags bytes whose length passes the min/max length rules. */
  private readonly type5LengthOk = new Uint8Array(256);

  private sink: StringSink | null = null;

  constructor(settings: ScanSettings) {
    this.align = settings.align;
    this.minLen = settings.minLen;
    this.maxLen = settings.maxLen;
    this.ownedSlots = settings.ownedSlots;
    this.inspector = new KeyInspector(settings.content);
    const forbidden = forbiddenClasses(settings.content);
    for (let byte = 0; byte < 256; byte++) {
      this.charOk[byte] = (CHAR_CLASS[byte] & forbidden) === 0 ? 1 : 0;
      const len = byte >>> 3;
      this.type5LengthOk[byte] = len >= Math.max(1, settings.minLen) && len <= settings.maxLen ? 1 : 0;
    }
  }

  /**
   * Scans `data`, whose first byte is at task.dataStart and which ends at task.ownedEnd, into `sink`.
   * One scanner serves a thread's chunks one after another (its key templates stay warm); `rejections`
   * and `accepted` are per scan.
   */
  scan(data: Uint8Array, task: ChunkTask, sink: StringSink): void {
    this.sink = sink;
    this.rejections.fill(0);
    this.accepted = 0;
    this.base = task.dataStart;
    this.ownedFrom = task.ownedStart - task.dataStart;
    this.ownedTo = task.ownedEnd - task.dataStart;
    this.regionEndsHere = task.ownedEnd === task.regionEnd;
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
   * Alignment 8: a header starts on a word, so its flags byte is byte 0 (sdshdr5 of this word, sdshdr32
   * of the word before, sdshdr64 of two words before), byte 2 (sdshdr8) or byte 4 (sdshdr16) of a word.
   */
  private scanWords(first: number, length: number): void {
    const data = this.data;
    const words = new Float64Array(data.buffer, data.byteOffset + first, Math.max(0, Math.floor((length - first) / 8)));
    const wordAt = (index: number) => Math.max(0, Math.ceil((index - first) / 8));
    // Before the owned range only long strings can end inside it; sdshdr5 ones end within 32 bytes.
    const lookbackEnd = Math.min(wordAt(this.ownedFrom - SHORT_STRING_REACH), wordAt(length - 8));
    const mainStart = Math.max(lookbackEnd, wordAt(this.ownedFrom));
    const mainEnd = Math.max(mainStart, Math.min(words.length, wordAt(length - SHORT_STRING_REACH)));
    let resume = this.scanLookbackWords(words, first, 0, lookbackEnd);
    for (let k = lookbackEnd; k < mainStart; k++) resume = this.wordCarefully(first + k * 8, length, resume);
    this.dataLength = length;
    // The main loop runs in blocks through a function called thousands of times per chunk: a single long
    // loop is compiled on-stack with no type feedback for the code after it, and deoptimizes there.
    let k = mainStart;
    while (k < mainEnd) {
      if (first + k * 8 < resume) {
        // An accepted string reaches into this word: examine its flags bytes after the string carefully,
        // so every block starts on a word no accepted string covers.
        const next = Math.floor((resume - first) / 8);
        if (next >= mainEnd) break;
        if (first + next * 8 < resume) {
          resume = this.wordCarefully(first + next * 8, length, resume);
          k = next + 1;
        } else {
          k = next;
        }
        continue;
      }
      resume = this.scanMainBlock(words, first, k, Math.min(mainEnd, k + MAIN_BLOCK_WORDS));
      k = this.blockEnd;
    }
    this.rejections[NO_TERMINATOR] += this.type5Unterminated;
    this.rejections[CONTENT] += this.type5BadChar;
    this.type5Unterminated = 0;
    this.type5BadChar = 0;
    for (let p = Math.max(first + mainEnd * 8, first + k * 8); p < length; p += 8) resume = this.wordCarefully(p, length, resume);
  }

  private dataLength = 0;
  /** Results of scanMainBlock beyond its return value. */
  private blockEnd = 0;
  private type5Unterminated = 0;
  private type5BadChar = 0;

  /**
   * The bulk of the chunk: all three flag bytes and any sdshdr5 terminator lie inside the data, and every
   * candidate ends in the owned range. Most words are uninteresting and leave after a few compares;
   * candidates, and skipping over accepted strings, happen out of line in mainWord(). sdshdr5 candidates are
   * common in pointer-filled memory, so their common rejections (no terminator; last character not
   * allowed) are counted here. Scans words [from, to) — possibly
   * further, when an accepted string reaches past `to` — and returns where examination resumes.
   */
  private scanMainBlock(words: Float64Array, first: number, from: number, to: number): number {
    const data = this.data;
    const charOk = this.charOk;
    const lengthOk = this.type5LengthOk;
    let type5Unterminated = 0;
    let type5BadChar = 0;
    let resume = 0;
    let k = from;
    for (; k < to; k++) {
      if (words[k] === 0) continue;
      const p = first + k * 8;
      const flags = data[p];
      let type5Candidate = false;
      if (TYPE5_FLAGS[flags] !== 0 && (charOk[data[p + 1]] & (flags === 8 ? 1 : charOk[data[p + 2]])) !== 0) {
        // Whether the "terminator" of a look-alike in pointer-filled memory is zero is a coin toss, so
        // this part is arithmetic rather than branches.
        const len = flags >>> 3;
        const terminated = IS_ZERO[data[p + 1 + len]];
        const badChar = terminated & (1 - charOk[data[p + len]]) & lengthOk[flags];
        type5Unterminated += 1 - terminated;
        type5BadChar += badChar;
        type5Candidate = terminated > badChar;
      }
      if (!type5Candidate && LONG_FLAGS[flags] === 0 && data[p + 2] !== 1 && data[p + 4] !== 2) continue;
      resume = this.mainWord(p, type5Candidate);
      if (resume > first + (k + 1) * 8) {
        // An accepted string reaches past this word: go on at the word after it if that starts exactly
        // there (strings packed in a size class end right before one); anything else goes to the caller.
        const next = (resume - first) / 8;
        if (next < to && Number.isInteger(next)) {
          k = next - 1;
          continue;
        }
        k++;
        break;
      }
    }
    this.type5Unterminated += type5Unterminated;
    this.type5BadChar += type5BadChar;
    this.blockEnd = k;
    return resume;
  }

  /**
   * Candidates of one interesting word of the main loop (no accepted string covers it); returns the first
   * flags position to examine next. The sdshdr5 decision was made inline.
   */
  private mainWord(p: number, type5Candidate: boolean): number {
    const data = this.data;
    const flags = data[p];
    let end = NOT_ACCEPTED;
    if (type5Candidate) end = this.candidate(p, 0, 1, flags >>> 3, flags >>> 3);
    else if (flags === 3) {
      if (p >= 8) end = this.candidate(p - 8, 3, 9, this.u32(p - 8), this.u32(p - 4));
    } else if (flags === 4) {
      if (p >= 16) end = this.candidate(p - 16, 4, 17, this.u64(p - 16), this.u64(p - 8));
    }
    if (end < p + 2 && data[p + 2] === 1) end = Math.max(end, this.candidate(p, 1, 3, data[p], data[p + 1]));
    if (end < p + 4 && data[p + 4] === 2) {
      end = Math.max(end, this.candidate(p, 2, 5, data[p] | (data[p + 1] << 8), data[p + 2] | (data[p + 3] << 8)));
    }
    return end === NOT_ACCEPTED ? p : end + 1;
  }

  /** Look-back words: only headers whose strings can reach the owned range (sdshdr5 cannot from here). */
  private scanLookbackWords(words: Float64Array, first: number, from: number, to: number): number {
    const data = this.data;
    let resume = 0;
    for (let k = from; k < to; k++) {
      const p = first + k * 8;
      if (p + 4 < resume || words[k] === 0) continue;
      let end = NOT_ACCEPTED;
      const flags = data[p];
      if (p >= resume && flags === 3 && p >= 8) end = this.candidate(p - 8, 3, 9, this.u32(p - 8), this.u32(p - 4));
      else if (p >= resume && flags === 4 && p >= 16) end = this.candidate(p - 16, 4, 17, this.u64(p - 16), this.u64(p - 8));
      if (end < p + 2 && p + 2 >= resume && data[p + 2] === 1) end = Math.max(end, this.candidate(p, 1, 3, data[p], data[p + 1]));
      if (end < p + 4 && p + 4 >= resume && data[p + 4] === 2) {
        end = Math.max(end, this.candidate(p, 2, 5, data[p] | (data[p + 1] << 8), data[p + 2] | (data[p + 3] << 8)));
      }
      if (end !== NOT_ACCEPTED) resume = end + 1;
    }
    return resume;
  }

  /** One word near the owned range's start or the data's end: bounds-checked, all through candidate(). */
  private wordCarefully(p: number, length: number, resumeAt: number): number {
    const data = this.data;
    let end = NOT_ACCEPTED;
    if (p >= resumeAt) {
      const flags = data[p];
      if (this.type5At(p, length)) end = this.candidate(p, 0, 1, flags >>> 3, flags >>> 3);
      else if (flags === 3 && p >= 8) end = this.candidate(p - 8, 3, 9, this.u32(p - 8), this.u32(p - 4));
      else if (flags === 4 && p >= 16) end = this.candidate(p - 16, 4, 17, this.u64(p - 16), this.u64(p - 8));
    }
    if (end < p + 2 && p + 2 >= resumeAt && p + 2 < length && data[p + 2] === 1) end = Math.max(end, this.candidate(p, 1, 3, data[p], data[p + 1]));
    if (end < p + 4 && p + 4 >= resumeAt && p + 4 < length && data[p + 4] === 2) {
      end = Math.max(end, this.candidate(p, 2, 5, data[p] | (data[p + 1] << 8), data[p + 2] | (data[p + 3] << 8)));
    }
    return end === NOT_ACCEPTED ? resumeAt : Math.max(resumeAt, end + 1);
  }

  /** Whether the byte at p is an sdshdr5 candidate: type bits 0, a length, allowed first characters. */
  private type5At(p: number, length: number): boolean {
    const data = this.data;
    const flags = data[p];
    if (TYPE5_FLAGS[flags] === 0 || p + 1 >= length || this.charOk[data[p + 1]] === 0) return false;
    return flags === 8 || (p + 2 < length && this.charOk[data[p + 2]] === 1);
  }

  /**
   * Any other alignment: every byte is a possible flags byte, its value gives the header start, and the
   * header (for EMBSTR: the robj) must be aligned. Slower; used only when asked for.
   */
  private scanBytes(length: number): void {
    const data = this.data;
    const align = this.align;
    const base = this.base;
    for (let p = 0; p < length; p++) {
      const flags = data[p];
      if (flags === 0) continue;
      let end = NOT_ACCEPTED;
      if (TYPE5_FLAGS[flags] !== 0) {
        if ((base + p) % align === 0 && this.type5At(p, length)) end = this.candidate(p, 0, 1, flags >>> 3, flags >>> 3);
      } else if (flags <= 4) {
        const header = p - HEADER_SIZES[flags] + 1;
        if (header < 0) continue;
        // With an alignment above 16 an EMBSTR's header (robj + 16) is not itself aligned, its robj is.
        const aligned = (base + header) % align === 0 || (flags === 1 && align > ROBJ_SIZE && this.robjBefore(header));
        if (!aligned) continue;
        if (flags === 1) end = this.candidate(header, 1, 3, data[header], data[header + 1]);
        else if (flags === 2) end = this.candidate(header, 2, 5, data[header] | (data[header + 1] << 8), data[header + 2] | (data[header + 3] << 8));
        else if (flags === 3) end = this.candidate(header, 3, 9, this.u32(header), this.u32(header + 4));
        else end = this.candidate(header, 4, 17, this.u64(header), this.u64(header + 8));
      }
      if (end !== NOT_ACCEPTED) p = end;
    }
  }

  /** A copy whose aligned addresses fall on 8-byte boundaries, so they can be read as Float64 words. */
  private realigned(data: Uint8Array, first: number, length: number): Uint8Array {
    const shift = (8 - (first % 8)) % 8;
    if (this.scratch.length < length + shift) this.scratch = Buffer.allocUnsafeSlow(length + shift + 8);
    this.scratch.set(data.subarray(0, length), shift);
    return this.scratch.subarray(shift, shift + length);
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

  /** Applies the rules to one candidate; returns its terminator's index if accepted, else NOT_ACCEPTED. */
  private candidate(i: number, type: number, headerSize: number, len: number, alloc: number): number {
    // Length rules are counted by the chunk holding the flags byte (it sees the whole header); the others
    // by the chunk holding the terminator. Either way one chunk counts each candidate.
    const owned = i + headerSize - 1 >= this.ownedFrom;
    if (len > alloc) {
      if (owned) this.rejections[LEN_ABOVE_ALLOC]++;
      return NOT_ACCEPTED;
    }
    if (len > this.maxLen || alloc > Number.MAX_SAFE_INTEGER) {
      if (owned) this.rejections[TOO_LONG]++;
      return NOT_ACCEPTED;
    }
    const terminator = i + headerSize + len;
    if (terminator < this.ownedFrom) return NOT_ACCEPTED;
    if (terminator >= this.ownedTo) {
      if (this.regionEndsHere) this.rejections[CROSSES_REGION_END]++;
      return NOT_ACCEPTED;
    }
    const data = this.data;
    if (data[terminator] !== 0) {
      this.rejections[NO_TERMINATOR]++;
      return NOT_ACCEPTED;
    }
    if (len < this.minLen) {
      this.rejections[BELOW_MIN_LEN]++;
      return NOT_ACCEPTED;
    }
    const charsStart = i + headerSize;
    const inspector = this.inspector;
    const verdict = inspector.inspect(data, charsStart, terminator);
    if (verdict === REJECT) {
      this.rejections[CONTENT]++;
      return NOT_ACCEPTED;
    }
    this.accepted++;
    let pattern = -1;
    let slot = -1;
    if (verdict === ACCEPT_KEY) {
      pattern = inspector.patternHash;
      if (this.ownedSlots !== null) {
        const hashtag = inspector.tagOpen >= 0 && inspector.tagClose > inspector.tagOpen + 1;
        slot = (hashtag ? crc16(data, inspector.tagOpen + 1, inspector.tagClose) : crc16(data, charsStart, terminator)) & 0x3fff;
      }
    }
    if (type === 1 && this.robjBefore(i)) {
      this.sink!.add(data, i - ROBJ_SIZE, EMBSTR_TYPE, charsStart, len, alloc, pattern, slot);
    } else {
      this.sink!.add(data, i, type, charsStart, len, alloc, pattern, slot);
    }
    return terminator;
  }
}
