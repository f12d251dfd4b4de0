/**
 * The module's entry: an AssemblyScript port of SdsScanner's alignment-8 path (../sds-scanner.ts), with
 * KeyInspector in keys.ts and slot hashing in crc16.ts, compiled to WebAssembly by
 * scripts/build-dump-wasm.mjs.
 *
 * Why: the JavaScript scanner spends most of its time on per-byte typed-array reads with bounds checks;
 * here the same rules run on raw memory with 64-bit loads. The control flow deliberately mirrors the
 * JavaScript line for line (same candidate order, same rejection counting, same resume points), and a
 * differential test holds the two to identical results. Rare cases stay in JavaScript: strings with
 * bytes above 0x7f (UTF-8 validation and the reference folding) are decided by the `highBytes` import.
 *
 * The host writes the byte tables (content classes, allowed characters, owned slots) and the chunk into
 * memory; accepted strings go out through emit.ts: as records (runs of strings) the host reads, or, when
 * the host asks to collect, aggregated here (collect.ts).
 */
import { finishCollector, initCollector, resetCollector } from "./collect";
import { crc16 } from "./crc16";
import { emit, flushRun, recordsLeft, setRecordBuffer, startEmitting } from "./emit";
import { initTemplates, inspect, patternHash, tagClose, tagOpen } from "./keys";
import {
  ACCEPT_KEY,
  EMBSTR_TYPE,
  REJECT,
  allowedBytes,
  byte,
  charOk,
  data,
  ownedSlots,
  setChunk,
  setTables,
  splat1,
  splat2,
  splat3,
  splat4,
  splat7,
  splat8,
  type5LengthOk,
} from "./memory";

export { collectorCounters, collectorItems, collectorPatterns, collectorSignatures } from "./collect";

const NOT_ACCEPTED = -1;
const ROBJ_SIZE = 16;
const EMBSTR_ROBJ_BYTE0 = 0x80;
const MAIN_BLOCK_WORDS = 4096;
const MAX_SAFE_INTEGER: f64 = 9007199254740991;
const TWO_POW_32: f64 = 4294967296;
// Rejection rule indexes (REJECTION_RULES order in ../types.ts).
const LEN_ABOVE_ALLOC = 0;
const TOO_LONG = 1;
const CROSSES_REGION_END = 2;
const NO_TERMINATOR = 3;
const BELOW_MIN_LEN = 4;
const CONTENT = 5;
// Memory areas, set by the host through configure().
let rejections: usize = 0; // 6 f64

// Settings and per-scan values.
let minLen: f64 = 0;
let maxLen: f64 = 0;
let baseMod8: i32 = 0;
let baseI64: i64 = 0;
let ownedFrom: f64 = 0;
let ownedTo: f64 = 0;
let dataLength: i32 = 0;
let regionEndsHere = false;
let accepted: f64 = 0;
let type5Unterminated: i32 = 0;
let type5BadChar: i32 = 0;
let blockEnd: i32 = 0;

export function allocate(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

export function configure(
  charClassAt: usize,
  charOkAt: usize,
  type5LengthOkAt: usize,
  ownedSlotsAt: usize,
  crcTableAt: usize,
  rejectionsAt: usize,
  stateAt: usize,
  recordsAt: usize,
  capacity: i32,
  forbiddenClasses: i32,
  minLength: f64,
  maxLength: f64,
  runThreshold: i32,
): void {
  setTables(charClassAt, charOkAt, type5LengthOkAt, ownedSlotsAt, crcTableAt, stateAt, forbiddenClasses);
  rejections = rejectionsAt;
  setRecordBuffer(recordsAt, capacity);
  minLen = minLength;
  maxLen = maxLength;
  initTemplates();
  initCollector(runThreshold);
}

@inline function reject(rule: i32): void {
  const at = rejections + (<usize>rule << 3);
  store<f64>(at, load<f64>(at) + 1);
}

@inline function readU32(i: i32): f64 {
  return <f64>load<u32>(data + <usize>i);
}

/** Values from 2^53 up cannot be exact doubles; as Infinity they fail the length rules (as in JS). */
@inline function readU64(i: i32): f64 {
  const high = load<u32>(data + <usize>i + 4);
  return high >= 0x200000 ? Infinity : <f64>high * TWO_POW_32 + <f64>load<u32>(data + <usize>i);
}

/**
 * Scans the chunk at `dataAt` (see SdsScanner.scanWords: the host computes the word bounds); returns the
 * number of records not yet flushed (none when collecting). `accepted` and rejections accumulate in memory.
 */
export function scanWords(
  dataAt: usize,
  length: i32,
  first: i32,
  wordCount: i32,
  lookbackEnd: i32,
  mainStart: i32,
  mainEnd: i32,
  from: f64,
  to: f64,
  endsRegion: bool,
  base: f64,
  collect: bool,
): i32 {
  setChunk(dataAt);
  startEmitting(collect);
  if (collect) resetCollector();
  dataLength = length;
  ownedFrom = from;
  ownedTo = to;
  regionEndsHere = endsRegion;
  baseMod8 = <i32>(base % 8);
  baseI64 = <i64>base;
  accepted = 0;
  type5Unterminated = 0;
  type5BadChar = 0;
  let resume = scanLookbackWords(first, 0, lookbackEnd);
  for (let k = lookbackEnd; k < mainStart; k++) resume = wordCarefully(first + k * 8, length, resume);
  let k = mainStart;
  while (k < mainEnd) {
    if (first + k * 8 < resume) {
      const next = (resume - first) >> 3;
      if (next >= mainEnd) break;
      if (first + next * 8 < resume) {
        resume = wordCarefully(first + next * 8, length, resume);
        k = next + 1;
      } else {
        k = next;
      }
      continue;
    }
    resume = scanMainBlock(first, k, min(mainEnd, k + MAIN_BLOCK_WORDS));
    k = blockEnd;
  }
  reject3(NO_TERMINATOR, type5Unterminated);
  reject3(CONTENT, type5BadChar);
  for (let p = max(first + mainEnd * 8, first + k * 8); p < length; p += 8) resume = wordCarefully(p, length, resume);
  flushRun();
  if (collect) finishCollector();
  return recordsLeft();
}

export function acceptedCount(): f64 {
  return accepted;
}

function reject3(rule: i32, count: i32): void {
  const at = rejections + (<usize>rule << 3);
  store<f64>(at, load<f64>(at) + <f64>count);
}

/**
 * The hot loop, over pairs of words: one SIMD test tells whether either may start a candidate (an sdshdr5
 * flags byte followed by allowed characters, or the flags of a longer header), and only such a word is
 * examined on its own. Zero pages go eight words at a time.
 */
function scanMainBlock(first: i32, from: i32, to: i32): i32 {
  let unterminated = 0;
  let badChars = 0;
  let resume = 0;
  let k = from;
  while (k < to) {
    let p = first + k * 8;
    if (k + 2 <= to) {
      const pair = v128.load(data + <usize>p);
      if (!v128.any_true(pair)) {
        let at = data + <usize>p;
        while (k + 10 <= to && !v128.any_true(v128.or(v128.or(v128.load(at, 16), v128.load(at, 32)), v128.or(v128.load(at, 48), v128.load(at, 64))))) {
          k += 8;
          at += 64;
        }
        k += 2;
        continue;
      }
      // Bits 0 and 8: the pair's two words.
      const interesting = i8x16.bitmask(pairCandidates(pair)) & 0x101;
      if (interesting == 0) {
        k += 2;
        continue;
      }
      if ((interesting & 1) == 0) {
        // Only the second word: examined right away (packed strings: padding, then the next header).
        k++;
        p += 8;
      }
    }
    const flags = byte(p);
    let type5Candidate = false;
    if ((flags & 7) == 0 && flags != 0 && (<i32>load<u8>(charOk + <usize>byte(p + 1)) & (flags == 8 ? 1 : <i32>load<u8>(charOk + <usize>byte(p + 2)))) != 0) {
      const len = flags >> 3;
      const terminated: i32 = byte(p + 1 + len) == 0 ? 1 : 0;
      const badChar = terminated & (1 - <i32>load<u8>(charOk + <usize>byte(p + len))) & <i32>load<u8>(type5LengthOk + <usize>flags);
      unterminated += 1 - terminated;
      badChars += badChar;
      type5Candidate = terminated > badChar;
    }
    if (!type5Candidate && flags != 3 && flags != 4 && byte(p + 2) != 1 && byte(p + 4) != 2) {
      k++;
      continue;
    }
    resume = mainWord(p, type5Candidate);
    k++;
    // Past an accepted string, as scanWords does between blocks: covered words are skipped, and a word it
    // covers in part has its flags after the string examined carefully. Beyond `to`, scanWords goes on.
    let beyond = false;
    while (first + k * 8 < resume) {
      const next = (resume - first) >> 3;
      if (next >= to) {
        beyond = true;
        break;
      }
      if (first + next * 8 < resume) {
        resume = wordCarefully(first + next * 8, dataLength, resume);
        k = next + 1;
      } else {
        k = next;
      }
    }
    if (beyond) break;
  }
  type5Unterminated += unterminated;
  type5BadChar += badChars;
  blockEnd = k;
  return resume;
}

/**
 * For both words of a pair (lanes 0 and 8; other lanes are noise): may the word start a candidate? Either
 * sdshdr5 flags (type bits 0, a length) with an allowed first character and, for two or more characters,
 * an allowed second one; or sdshdr32/64 flags (3, 4) at byte 0, sdshdr8 flags at byte 2, sdshdr16 at byte 4.
 * The shuffles are byte shifts (concatenations with zero), one instruction each.
 */
@inline function pairCandidates(bytes: v128): v128 {
  const zero = i8x16.splat(0);
  const allowed = allowedBytes(bytes);
  const first = i8x16.shuffle(allowed, zero, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  const second = i8x16.shuffle(allowed, zero, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
  const type5 = v128.andnot(i8x16.eq(v128.and(bytes, splat7), zero), i8x16.eq(bytes, zero));
  const type5Chars = v128.and(first, v128.or(second, i8x16.eq(bytes, splat8)));
  const byte2 = i8x16.shuffle(bytes, zero, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
  const byte4 = i8x16.shuffle(bytes, zero, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
  const longFlags = v128.or(i8x16.eq(bytes, splat3), i8x16.eq(bytes, splat4));
  const shortFlags = v128.or(i8x16.eq(byte2, splat1), i8x16.eq(byte4, splat2));
  return v128.or(v128.and(type5, type5Chars), v128.or(longFlags, shortFlags));
}

function mainWord(p: i32, type5Candidate: bool): i32 {
  const flags = byte(p);
  let end = NOT_ACCEPTED;
  if (type5Candidate) end = candidate(p, 0, 1, <f64>(flags >> 3), <f64>(flags >> 3));
  else if (flags == 3) {
    if (p >= 8) end = candidate(p - 8, 3, 9, readU32(p - 8), readU32(p - 4));
  } else if (flags == 4) {
    if (p >= 16) end = candidate(p - 16, 4, 17, readU64(p - 16), readU64(p - 8));
  }
  if (end < p + 2 && byte(p + 2) == 1) end = max(end, candidate(p, 1, 3, <f64>byte(p), <f64>byte(p + 1)));
  if (end < p + 4 && byte(p + 4) == 2) {
    end = max(end, candidate(p, 2, 5, <f64>(byte(p) | (byte(p + 1) << 8)), <f64>(byte(p + 2) | (byte(p + 3) << 8))));
  }
  return end == NOT_ACCEPTED ? p : end + 1;
}

function scanLookbackWords(first: i32, from: i32, to: i32): i32 {
  let resume = 0;
  for (let k = from; k < to; k++) {
    const p = first + k * 8;
    if (p + 4 < resume || load<u64>(data + <usize>p) == 0) continue;
    let end = NOT_ACCEPTED;
    const flags = byte(p);
    if (p >= resume && flags == 3 && p >= 8) end = candidate(p - 8, 3, 9, readU32(p - 8), readU32(p - 4));
    else if (p >= resume && flags == 4 && p >= 16) end = candidate(p - 16, 4, 17, readU64(p - 16), readU64(p - 8));
    if (end < p + 2 && p + 2 >= resume && byte(p + 2) == 1) end = max(end, candidate(p, 1, 3, <f64>byte(p), <f64>byte(p + 1)));
    if (end < p + 4 && p + 4 >= resume && byte(p + 4) == 2) {
      end = max(end, candidate(p, 2, 5, <f64>(byte(p) | (byte(p + 1) << 8)), <f64>(byte(p + 2) | (byte(p + 3) << 8))));
    }
    if (end != NOT_ACCEPTED) resume = end + 1;
  }
  return resume;
}

function wordCarefully(p: i32, length: i32, resumeAt: i32): i32 {
  let end = NOT_ACCEPTED;
  if (p >= resumeAt) {
    const flags = byte(p);
    if (type5At(p, length)) end = candidate(p, 0, 1, <f64>(flags >> 3), <f64>(flags >> 3));
    else if (flags == 3 && p >= 8) end = candidate(p - 8, 3, 9, readU32(p - 8), readU32(p - 4));
    else if (flags == 4 && p >= 16) end = candidate(p - 16, 4, 17, readU64(p - 16), readU64(p - 8));
  }
  if (end < p + 2 && p + 2 >= resumeAt && p + 2 < length && byte(p + 2) == 1) {
    end = max(end, candidate(p, 1, 3, <f64>byte(p), <f64>byte(p + 1)));
  }
  if (end < p + 4 && p + 4 >= resumeAt && p + 4 < length && byte(p + 4) == 2) {
    end = max(end, candidate(p, 2, 5, <f64>(byte(p) | (byte(p + 1) << 8)), <f64>(byte(p + 2) | (byte(p + 3) << 8))));
  }
  return end == NOT_ACCEPTED ? resumeAt : max(resumeAt, end + 1);
}

/** SdsScanner.type5At: type bits 0, a length, allowed first characters (inside the data). */
function type5At(p: i32, length: i32): bool {
  const flags = byte(p);
  if ((flags & 7) != 0 || flags == 0 || p + 1 >= length || load<u8>(charOk + <usize>byte(p + 1)) == 0) return false;
  return flags == 8 || (p + 2 < length && load<u8>(charOk + <usize>byte(p + 2)) != 0);
}

function robjBefore(header: i32): bool {
  const robj = header - ROBJ_SIZE;
  if (robj < 0 || byte(robj) != EMBSTR_ROBJ_BYTE0) return false;
  if (((baseMod8 + robj) & 7) != 0) return false;
  return load<u64>(data + <usize>header - 8) == <u64>(baseI64 + <i64>header + 3);
}

function candidate(i: i32, type: i32, headerSize: i32, len: f64, alloc: f64): i32 {
  const owned = <f64>(i + headerSize - 1) >= ownedFrom;
  if (len > alloc) {
    if (owned) reject(LEN_ABOVE_ALLOC);
    return NOT_ACCEPTED;
  }
  if (len > maxLen || alloc > MAX_SAFE_INTEGER) {
    if (owned) reject(TOO_LONG);
    return NOT_ACCEPTED;
  }
  const terminatorAt = <f64>(i + headerSize) + len;
  if (terminatorAt < ownedFrom) return NOT_ACCEPTED;
  if (terminatorAt >= ownedTo) {
    if (regionEndsHere) reject(CROSSES_REGION_END);
    return NOT_ACCEPTED;
  }
  const terminator = <i32>terminatorAt;
  if (terminator >= dataLength || byte(terminator) != 0) {
    reject(NO_TERMINATOR);
    return NOT_ACCEPTED;
  }
  if (len < minLen) {
    reject(BELOW_MIN_LEN);
    return NOT_ACCEPTED;
  }
  const charsStart = i + headerSize;
  const verdict = inspect(charsStart, terminator);
  if (verdict == REJECT) {
    reject(CONTENT);
    return NOT_ACCEPTED;
  }
  accepted += 1;
  let pattern: f64 = -1;
  let slot = -1;
  if (verdict == ACCEPT_KEY) {
    pattern = patternHash;
    if (ownedSlots != 0) {
      const hashtag = tagOpen >= 0 && tagClose > tagOpen + 1;
      slot = (hashtag ? crc16(tagOpen + 1, tagClose) : crc16(charsStart, terminator)) & 0x3fff;
    }
  }
  if (type == 1 && robjBefore(i)) emit(i - ROBJ_SIZE, EMBSTR_TYPE, charsStart, len, alloc, pattern, slot);
  else emit(i, type, charsStart, len, alloc, pattern, slot);
  return terminator;
}
