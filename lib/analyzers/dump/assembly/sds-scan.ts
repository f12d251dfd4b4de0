/**
 * AssemblyScript port of SdsScanner's alignment-8 path (../sds-scanner.ts) and of KeyInspector's ASCII
 * folding (../key-inspector.ts), compiled to WebAssembly by scripts/build-dump-wasm.mjs.
 *
 * Why: the JavaScript scanner spends most of its time on per-byte typed-array reads with bounds checks;
 * here the same rules run on raw memory with 64-bit loads. The control flow deliberately mirrors the
 * JavaScript line for line (same candidate order, same rejection counting, same resume points), and a
 * differential test holds the two to identical results. Rare cases stay in JavaScript: strings with
 * bytes above 0x7f (UTF-8 validation and the reference folding) are decided by the `highBytes` import.
 *
 * The host writes the byte tables (content classes, allowed characters, owned slots) and the chunk into
 * memory; accepted strings go out as records (runs of strings, see emit), flushed through `flushRecords`
 * when the buffer is full.
 */

@external("env", "flushRecords")
declare function flushRecords(count: i32): void;
/** Verdict for a string with bytes above 0x7f; writes pattern hash and brace positions to the state. */
@external("env", "highBytes")
declare function highBytes(start: i32, end: i32, mask: i32): i32;

const REJECT = 0;
const ACCEPT = 1;
const ACCEPT_KEY = 2;
const NOT_ACCEPTED = -1;
const EMBSTR_TYPE = 5;
const ROBJ_SIZE = 16;
const EMBSTR_ROBJ_BYTE0 = 0x80;
const MAX_KEY_LIKE_LEN = 1024;
const MAIN_BLOCK_WORDS = 4096;
/**
 * A record is 48 bytes: i32 start, type, charsStart, len, count, stride, hashed, foreign, then f64 alloc
 * and pattern (the host reads the integers through an Int32Array: no number boxing per record).
 */
const RECORD_BYTES = 48;
const MAX_SAFE_INTEGER: f64 = 9007199254740991;
const TWO_POW_32: f64 = 4294967296;
// Rejection rule indexes (REJECTION_RULES order in ../types.ts).
const LEN_ABOVE_ALLOC = 0;
const TOO_LONG = 1;
const CROSSES_REGION_END = 2;
const NO_TERMINATOR = 3;
const BELOW_MIN_LEN = 4;
const CONTENT = 5;
// Byte classes (../text.ts, ../patterns.ts).
const CLASS_CONTROL = 1;
const CLASS_NEWLINE = 2;
const CLASS_TAB = 4;
const CLASS_SPACE = 8;
const CLASS_HIGH = 16;
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

// Memory areas, set by the host through configure().
let charClass: usize = 0; // 256 bytes: CHAR_CLASS
let charOk: usize = 0; // 256 bytes: 1 where the content class allows the byte
let type5LengthOk: usize = 0; // 256 bytes
let ownedSlots: usize = 0; // 16384 bytes, or 0 when ownership is not analysed
let crcTable: usize = 0; // 256 u16 (a byte at a time), then 8 × 256 u16 (eight at a time, see crc16)
let rejections: usize = 0; // 6 f64
let state: usize = 0; // f64: patternHash, tagOpen, tagClose (written by highBytes)
let records: usize = 0;
let recordCapacity: i32 = 0;
let recordCount: i32 = 0;
let data: usize = 0;

// Settings and per-scan values.
let forbidden: i32 = 0;
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
let patternHash: f64 = -1;
let tagOpen: i32 = -1;
let tagClose: i32 = -1;

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
): void {
  charClass = charClassAt;
  charOk = charOkAt;
  type5LengthOk = type5LengthOkAt;
  ownedSlots = ownedSlotsAt;
  crcTable = crcTableAt;
  rejections = rejectionsAt;
  state = stateAt;
  records = recordsAt;
  recordCapacity = capacity;
  forbidden = forbiddenClasses;
  minLen = minLength;
  maxLen = maxLength;
  templates = heap.alloc(<usize>(MAX_KEY_LIKE_LEN + 1) << 2);
  memory.fill(templates, 0, <usize>(MAX_KEY_LIKE_LEN + 1) << 2);
}

@inline function byte(i: i32): i32 {
  return <i32>load<u8>(data + <usize>i);
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
 * number of records not yet flushed. `accepted` and rejections accumulate in memory.
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
): i32 {
  data = dataAt;
  dataLength = length;
  ownedFrom = from;
  ownedTo = to;
  regionEndsHere = endsRegion;
  baseMod8 = <i32>(base % 8);
  baseI64 = <i64>base;
  accepted = 0;
  recordCount = 0;
  runCount = 0;
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
  return recordCount;
}

export function acceptedCount(): f64 {
  return accepted;
}

function reject3(rule: i32, count: i32): void {
  const at = rejections + (<usize>rule << 3);
  store<f64>(at, load<f64>(at) + <f64>count);
}

function scanMainBlock(first: i32, from: i32, to: i32): i32 {
  let unterminated = 0;
  let badChars = 0;
  let resume = 0;
  let k = from;
  for (; k < to; k++) {
    const p = first + k * 8;
    if (load<u64>(data + <usize>p) == 0) continue;
    const flags = byte(p);
    let type5Candidate = false;
    if ((flags & 7) == 0) {
      // flags != 0: the word is not zero, but its first byte may be.
      if (flags != 0) {
        const len = flags >> 3;
        const terminated: i32 = byte(p + 1 + len) == 0 ? 1 : 0;
        const second = len < 2 ? (len < 1 ? 1 : len) : 2;
        const charsOk =
          <i32>load<u8>(charOk + <usize>byte(p + 1)) &
          <i32>load<u8>(charOk + <usize>byte(p + second)) &
          <i32>load<u8>(charOk + <usize>byte(p + len));
        const badChar = terminated & (1 - charsOk) & <i32>load<u8>(type5LengthOk + <usize>flags);
        unterminated += 1 - terminated;
        badChars += badChar;
        type5Candidate = terminated > badChar;
      }
    }
    if (!type5Candidate && flags != 3 && flags != 4 && byte(p + 2) != 1 && byte(p + 4) != 2) continue;
    resume = mainWord(p, type5Candidate);
    if (resume > first + (k + 1) * 8) {
      const offset = resume - first;
      const next = offset >> 3;
      if (next < to && (offset & 7) == 0) {
        k = next - 1;
        continue;
      }
      k++;
      break;
    }
  }
  type5Unterminated += unterminated;
  type5BadChar += badChars;
  blockEnd = k;
  return resume;
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
    if (flags != 0 && (flags & 7) == 0) end = candidate(p, 0, 1, <f64>(flags >> 3), <f64>(flags >> 3));
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

// Consecutive strings of one signature and pattern at a constant stride leave as one record: a leak's
// runs of copies cost the host one call per run instead of one per string.
let runStart: i32 = 0;
let runType: i32 = 0;
let runChars: i32 = 0;
let runLen: f64 = 0;
let runAlloc: f64 = 0;
let runPattern: f64 = -1;
let runCount: i32 = 0;
let runStride: i32 = 0;
let runLast: i32 = 0;
let runHashed: i32 = 0;
let runForeign: i32 = 0;

function emit(start: i32, type: i32, charsStart: i32, len: f64, alloc: f64, pattern: f64, slot: i32): void {
  const hashed = slot >= 0 ? 1 : 0;
  const foreign = slot >= 0 && load<u8>(ownedSlots + <usize>slot) == 0 ? 1 : 0;
  if (runCount > 0 && type == runType && len == runLen && alloc == runAlloc && pattern == runPattern && (runCount == 1 || start - runLast == runStride)) {
    if (runCount == 1) runStride = start - runLast;
    runCount++;
    runLast = start;
    runHashed += hashed;
    runForeign += foreign;
    return;
  }
  flushRun();
  runStart = runLast = start;
  runType = type;
  runChars = charsStart;
  runLen = len;
  runAlloc = alloc;
  runPattern = pattern;
  runCount = 1;
  runStride = 0;
  runHashed = hashed;
  runForeign = foreign;
}

function flushRun(): void {
  if (runCount == 0) return;
  if (recordCount == recordCapacity) {
    flushRecords(recordCount);
    recordCount = 0;
  }
  const at = records + <usize>recordCount * RECORD_BYTES;
  store<i32>(at, runStart);
  store<i32>(at, runType, 4);
  store<i32>(at, runChars, 8);
  store<i32>(at, <i32>runLen, 12);
  store<i32>(at, runCount, 16);
  store<i32>(at, runStride, 20);
  store<i32>(at, runHashed, 24);
  store<i32>(at, runForeign, 28);
  store<f64>(at, runAlloc, 32);
  store<f64>(at, runPattern, 40);
  recordCount++;
  runCount = 0;
}

@inline function slice(table: i32, value: i64): i32 {
  return <i32>load<u16>(crcTable + (<usize>(table << 8) << 1) + (<usize>(<i32>value & 0xff) << 1));
}

/**
 * CRC16/XMODEM eight bytes per step with independent lookups ("slicing by 8", tables from
 * crc16SlicingTables in ../../cluster-slots.ts), the rest a byte at a time.
 */
function crc16(start: i32, end: i32): i32 {
  let crc = 0;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    // Little-endian load: byte k of the message is bits 8k..8k+7; the register goes into bytes 0 and 1.
    const bytes = load<u64>(data + <usize>i) ^ <i64>(((crc >> 8) & 0xff) | ((crc & 0xff) << 8));
    crc =
      slice(1, bytes) ^
      slice(2, bytes >> 8) ^
      slice(3, bytes >> 16) ^
      slice(4, bytes >> 24) ^
      slice(5, bytes >> 32) ^
      slice(6, bytes >> 40) ^
      slice(7, bytes >> 48) ^
      slice(8, bytes >> 56);
  }
  for (; i < end; i++) crc = ((crc << 8) & 0xffff) ^ <i32>load<u16>(crcTable + (<usize>(((crc >> 8) ^ byte(i)) & 0xff) << 1));
  return crc;
}

@inline function classOf(i: i32): i32 {
  return <i32>load<u8>(charClass + <usize>byte(i));
}

/** KeyInspector.inspect, with key templates matched 16 bytes at a time (see key-template.ts). */
function inspect(start: i32, end: i32): i32 {
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
  const controlBits = i8x16.splat((forbidden & CLASS_CONTROL) != 0 ? -1 : 0);
  const newlineBits = i8x16.splat((forbidden & CLASS_NEWLINE) != 0 ? -1 : 0);
  const highBits = i8x16.splat((forbidden & CLASS_HIGH) != 0 ? -1 : 0);
  let high = zero;
  let k = start;
  for (; k + 16 <= end; k += 16) {
    const bytes = v128.load(data + <usize>k);
    const newline = v128.or(i8x16.eq(bytes, i8x16.splat(0x0a)), i8x16.eq(bytes, i8x16.splat(0x0d)));
    const below = v128.andnot(i8x16.lt_u(bytes, i8x16.splat(0x20)), v128.or(newline, i8x16.eq(bytes, i8x16.splat(0x09))));
    const control = v128.or(below, i8x16.eq(bytes, i8x16.splat(0x7f)));
    const isHigh = i8x16.lt_s(bytes, zero);
    const bad = v128.or(v128.or(v128.and(control, controlBits), v128.and(newline, newlineBits)), v128.and(isHigh, highBits));
    if (v128.any_true(bad)) return REJECT;
    high = v128.or(high, isHigh);
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
    const digit = i8x16.lt_u(i8x16.sub(bytes, i8x16.splat(0x30)), i8x16.splat(10));
    const hexLetter = i8x16.lt_u(i8x16.sub(v128.or(bytes, i8x16.splat(0x20)), i8x16.splat(0x61)), i8x16.splat(6));
    const literalOk = v128.and(i8x16.eq(kinds, i8x16.splat(KIND_LITERAL)), i8x16.eq(bytes, v128.load(bytesAt + <usize>k)));
    const digitOk = v128.and(i8x16.eq(kinds, i8x16.splat(KIND_DIGITS)), digit);
    const hexKind = v128.or(i8x16.eq(kinds, i8x16.splat(KIND_HEX_CHARS)), i8x16.eq(kinds, i8x16.splat(KIND_HEX_ID)));
    const hexOk = v128.and(hexKind, v128.or(digit, hexLetter));
    const ok = v128.or(v128.or(literalOk, digitOk), v128.or(hexOk, i8x16.eq(kinds, i8x16.splat(KIND_ANY))));
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

function isUuidAt(start: i32, end: i32): bool {
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
