/**
 * ChunkCollector (../chunk-collector.ts) in the module, for scans that write no TSV: per chunk, the counts
 * by type, the alloc convention, signatures (type, len, alloc) with their run items (RunItemBuilder in
 * ../runs.ts) and key patterns with their slot counts and first samples. The host then reads a few
 * hundred table entries per chunk instead of a record per string; building text (pattern names, samples)
 * stays on the host, from the positions kept here.
 *
 * Tables have fixed capacities. A chunk that would overflow one (more than CHUNK_PATTERN_LIMIT patterns,
 * where the host's table would start pruning, or a pathological number of signatures or run items) is
 * flagged, and the host scans it again through records: results never depend on these limits.
 */
import { EMBSTR_TYPE, TYPE_COUNT } from "./memory";

/** CHUNK_PATTERN_LIMIT in ../chunk-result.ts. */
const PATTERN_CAPACITY = 4096;
const PATTERN_SAMPLES = 3;
const SIGNATURE_CAPACITY = 16384;
const ITEM_CAPACITY = 65536;

// Signature entry: f64 alloc, f64 len, then i32 type, count, first, last, stride, diffs, start,
// itemsHead, itemsTail, itemCount, lastItemIsGap, sampleStart, indexSlot, sampleChars (offsets are chunk
// offsets; the sample is the first string's header and first characters).
const SIGNATURE_BYTES = 72;
const S_ALLOC = 0;
const S_LEN = 8;
const S_TYPE = 16;
const S_COUNT = 20;
const S_FIRST = 24;
const S_LAST = 28;
const S_STRIDE = 32;
const S_DIFFS = 36;
const S_START = 40;
const S_ITEMS_HEAD = 44;
const S_ITEMS_TAIL = 48;
const S_ITEM_COUNT = 52;
const S_LAST_IS_GAP = 56;
const S_SAMPLE_START = 60;
const S_INDEX_SLOT = 64;
const S_SAMPLE_CHARS = 68;

// Run item: i32 stride, diffs (-1: a gap marker, null on the host), start, next (-1: none).
const ITEM_BYTES = 16;

// Pattern entry: f64 hash, then i32 count, foreign, indexSlot, sampleCount, then (chars, len) per sample.
const PATTERN_BYTES = 48;
const P_HASH = 0;
const P_COUNT = 8;
const P_FOREIGN = 12;
const P_INDEX_SLOT = 16;
const P_SAMPLE_COUNT = 20;
const P_SAMPLES = 24;

// Counters (i32): overflow, signatures, patterns, items, keyLike, hashed, foreign, four alloc kinds
// (ALLOC_KINDS in ../alloc-convention.ts), then one per type.
const C_OVERFLOW = 0;
const C_SIGNATURES = 4;
const C_PATTERNS = 8;
const C_ITEMS = 12;
const C_KEY_LIKE = 16;
const C_HASHED = 20;
const C_FOREIGN = 24;
const C_ALLOC_KINDS = 28;
const C_BY_TYPE = 44;
const COUNTER_BYTES = C_BY_TYPE + TYPE_COUNT * 4;

/** LARGEST_CLASSED in ../alloc-convention.ts. */
const LARGEST_CLASSED: f64 = 1099511627776;

const SIGNATURE_INDEX_SIZE = SIGNATURE_CAPACITY * 2;
const PATTERN_INDEX_SIZE = PATTERN_CAPACITY * 2;

let counters: usize = 0;
let signatures: usize = 0;
let signatureIndex: usize = 0;
let items: usize = 0;
let patterns: usize = 0;
let patternIndex: usize = 0;
let runThreshold: i32 = 0;

/** Allocates the tables, empty; the host finds them through the collector* exports. */
export function initCollector(threshold: i32): void {
  runThreshold = threshold;
  counters = heap.alloc(COUNTER_BYTES);
  signatures = heap.alloc(<usize>SIGNATURE_CAPACITY * SIGNATURE_BYTES);
  signatureIndex = heap.alloc(<usize>SIGNATURE_INDEX_SIZE << 2);
  items = heap.alloc(<usize>ITEM_CAPACITY * ITEM_BYTES);
  patterns = heap.alloc(<usize>PATTERN_CAPACITY * PATTERN_BYTES);
  patternIndex = heap.alloc(<usize>PATTERN_INDEX_SIZE << 2);
  memory.fill(signatureIndex, 0, <usize>SIGNATURE_INDEX_SIZE << 2);
  memory.fill(patternIndex, 0, <usize>PATTERN_INDEX_SIZE << 2);
  memory.fill(counters, 0, COUNTER_BYTES);
}

export function collectorCounters(): usize {
  return counters;
}
export function collectorSignatures(): usize {
  return signatures;
}
export function collectorItems(): usize {
  return items;
}
export function collectorPatterns(): usize {
  return patterns;
}

/** Empties the tables for the next chunk (only the index slots in use are cleared). */
export function resetCollector(): void {
  const signatureCount = load<i32>(counters, C_SIGNATURES);
  for (let s = 0; s < signatureCount; s++) {
    store<i32>(signatureIndex + (<usize>load<i32>(signatures + <usize>s * SIGNATURE_BYTES, S_INDEX_SLOT) << 2), 0);
  }
  const patternCount = load<i32>(counters, C_PATTERNS);
  for (let p = 0; p < patternCount; p++) {
    store<i32>(patternIndex + (<usize>load<i32>(patterns + <usize>p * PATTERN_BYTES, P_INDEX_SLOT) << 2), 0);
  }
  memory.fill(counters, 0, COUNTER_BYTES);
}

@inline function addCounter(offset: usize, value: i32): void {
  store<i32>(counters + offset, load<i32>(counters + offset) + value);
}

/** Closes every signature's open block (RunItemBuilder.finish); call once after the chunk's last run. */
export function finishCollector(): void {
  const signatureCount = load<i32>(counters, C_SIGNATURES);
  for (let s = 0; s < signatureCount; s++) {
    const entry = signatures + <usize>s * SIGNATURE_BYTES;
    if (load<i32>(entry, S_DIFFS) > 0) pushItem(entry, load<i32>(entry, S_STRIDE), load<i32>(entry, S_DIFFS), load<i32>(entry, S_START));
    store<i32>(entry, 0, S_DIFFS);
  }
}

/** `count` strings of one signature and pattern, `stride` apart (see StringSink.addRun). */
export function collectRun(
  start: i32,
  type: i32,
  chars: i32,
  len: f64,
  alloc: f64,
  pattern: f64,
  count: i32,
  stride: i32,
  hashed: i32,
  foreign: i32,
): void {
  if (load<i32>(counters, C_OVERFLOW) != 0) return;
  addCounter(C_BY_TYPE + (<usize>type << 2), count);
  if (type != EMBSTR_TYPE && type != 0) addCounter(C_ALLOC_KINDS + (<usize>allocKind(type, len, alloc) << 2), count);
  const signature = signatureFor(type, len, alloc, start, chars);
  if (signature == 0) return;
  store<i32>(signature, load<i32>(signature, S_COUNT) + count, S_COUNT);
  runAdd(signature, start);
  if (count >= 2) {
    runAdd(signature, start + stride);
    store<i32>(signature, load<i32>(signature, S_DIFFS) + count - 2, S_DIFFS);
    store<i32>(signature, start + (count - 1) * stride, S_LAST);
  }
  if (pattern >= 0) addKeys(chars, <i32>len, stride, count, pattern, hashed, foreign);
}

/** allocKind in ../alloc-convention.ts: exact fit 0, alloc == len 1, usable size 2, grown 3. */
function allocKind(type: i32, len: f64, alloc: f64): i32 {
  if (alloc > LARGEST_CLASSED) return alloc == len ? 1 : 3;
  const header: f64 = type == 1 ? 4 : type == 2 ? 6 : type == 3 ? 10 : 18;
  const sizeClass = jemallocSizeClass(<i64>(header + len));
  if (alloc == len) return <i64>(header + len) == sizeClass ? 0 : 1;
  return <i64>(header + alloc) == sizeClass ? 2 : 3;
}

/** jemallocSizeClass in ../alloc-convention.ts: 8, multiples of 16 to 128, then four classes per doubling. */
function jemallocSizeClass(bytes: i64): i64 {
  if (bytes <= 8) return 8;
  if (bytes <= 128) return (bytes + 15) & ~15;
  const step: i64 = 1 << (63 - clz<i64>(bytes - 1) - 2);
  return (bytes + step - 1) & ~(step - 1);
}

function overflow(): usize {
  store<i32>(counters, 1, C_OVERFLOW);
  return 0;
}

function signatureFor(type: i32, len: f64, alloc: f64, start: i32, chars: i32): usize {
  let hash = (reinterpret<u64>(alloc) * 0x9e3779b97f4a7c15) ^ (reinterpret<u64>(len) * 0xc2b2ae3d27d4eb4f) ^ <u64>type;
  hash ^= hash >> 29;
  let slot = <i32>(hash * 0x165667b19e3779f9 >> 40) & (SIGNATURE_INDEX_SIZE - 1);
  for (;;) {
    const held = load<i32>(signatureIndex + (<usize>slot << 2));
    if (held == 0) break;
    const entry = signatures + <usize>(held - 1) * SIGNATURE_BYTES;
    if (load<f64>(entry, S_LEN) == len && load<f64>(entry, S_ALLOC) == alloc && load<i32>(entry, S_TYPE) == type) return entry;
    slot = (slot + 1) & (SIGNATURE_INDEX_SIZE - 1);
  }
  const count = load<i32>(counters, C_SIGNATURES);
  if (count == SIGNATURE_CAPACITY) return overflow();
  const entry = signatures + <usize>count * SIGNATURE_BYTES;
  store<f64>(entry, alloc, S_ALLOC);
  store<f64>(entry, len, S_LEN);
  store<i32>(entry, type, S_TYPE);
  store<i32>(entry, 0, S_COUNT);
  store<i32>(entry, -1, S_FIRST);
  store<i32>(entry, -1, S_LAST);
  store<i32>(entry, 0, S_STRIDE);
  store<i32>(entry, 0, S_DIFFS);
  store<i32>(entry, -1, S_START);
  store<i32>(entry, -1, S_ITEMS_HEAD);
  store<i32>(entry, -1, S_ITEMS_TAIL);
  store<i32>(entry, 0, S_ITEM_COUNT);
  store<i32>(entry, 0, S_LAST_IS_GAP);
  store<i32>(entry, start, S_SAMPLE_START);
  store<i32>(entry, slot, S_INDEX_SLOT);
  store<i32>(entry, chars, S_SAMPLE_CHARS);
  store<i32>(signatureIndex + (<usize>slot << 2), count + 1);
  store<i32>(counters, count + 1, C_SIGNATURES);
  return entry;
}

/** RunItemBuilder.add. */
function runAdd(entry: usize, address: i32): void {
  const last = load<i32>(entry, S_LAST);
  if (load<i32>(entry, S_FIRST) < 0) {
    store<i32>(entry, address, S_FIRST);
    store<i32>(entry, address, S_LAST);
    return;
  }
  const gap = address - last;
  const diffs = load<i32>(entry, S_DIFFS);
  if (diffs > 0 && load<i32>(entry, S_STRIDE) == gap) {
    store<i32>(entry, diffs + 1, S_DIFFS);
  } else {
    if (diffs > 0) closeBlock(entry, diffs);
    store<i32>(entry, gap, S_STRIDE);
    store<i32>(entry, 1, S_DIFFS);
    store<i32>(entry, last, S_START);
  }
  store<i32>(entry, address, S_LAST);
}

/** RunItemBuilder.close: the first block stays exact, runs are kept, short blocks fold into one gap marker. */
function closeBlock(entry: usize, diffs: i32): void {
  if (load<i32>(entry, S_ITEM_COUNT) == 0 || diffs + 1 >= runThreshold) {
    pushItem(entry, load<i32>(entry, S_STRIDE), diffs, load<i32>(entry, S_START));
  } else if (load<i32>(entry, S_LAST_IS_GAP) == 0) {
    pushItem(entry, 0, -1, 0);
  }
}

function pushItem(entry: usize, stride: i32, diffs: i32, start: i32): void {
  const count = load<i32>(counters, C_ITEMS);
  if (count == ITEM_CAPACITY) {
    overflow();
    return;
  }
  const item = items + <usize>count * ITEM_BYTES;
  store<i32>(item, stride);
  store<i32>(item, diffs, 4);
  store<i32>(item, start, 8);
  store<i32>(item, -1, 12);
  const tail = load<i32>(entry, S_ITEMS_TAIL);
  if (tail < 0) store<i32>(entry, count, S_ITEMS_HEAD);
  else store<i32>(items + <usize>tail * ITEM_BYTES, count, 12);
  store<i32>(entry, count, S_ITEMS_TAIL);
  store<i32>(entry, load<i32>(entry, S_ITEM_COUNT) + 1, S_ITEM_COUNT);
  store<i32>(entry, diffs < 0 ? 1 : 0, S_LAST_IS_GAP);
  store<i32>(counters, count + 1, C_ITEMS);
}

/** ChunkCollector.addKeys: counts, slot counts and the first samples' positions. */
function addKeys(chars: i32, len: i32, stride: i32, count: i32, hash: f64, hashed: i32, foreign: i32): void {
  addCounter(C_KEY_LIKE, count);
  const entry = patternFor(hash);
  if (entry == 0) return;
  store<i32>(entry, load<i32>(entry, P_COUNT) + count, P_COUNT);
  let samples = load<i32>(entry, P_SAMPLE_COUNT);
  for (let n = 0, at = chars; n < count && samples < PATTERN_SAMPLES; n++, at += stride, samples++) {
    store<i32>(entry + P_SAMPLES + (<usize>samples << 3), at);
    store<i32>(entry + P_SAMPLES + (<usize>samples << 3), len, 4);
  }
  store<i32>(entry, samples, P_SAMPLE_COUNT);
  addCounter(C_HASHED, hashed);
  addCounter(C_FOREIGN, foreign);
  store<i32>(entry, load<i32>(entry, P_FOREIGN) + foreign, P_FOREIGN);
}

function patternFor(hash: f64): usize {
  const mixed = reinterpret<u64>(hash) * 0x9e3779b97f4a7c15;
  let slot = <i32>(mixed >> 40) & (PATTERN_INDEX_SIZE - 1);
  for (;;) {
    const held = load<i32>(patternIndex + (<usize>slot << 2));
    if (held == 0) break;
    const entry = patterns + <usize>(held - 1) * PATTERN_BYTES;
    if (load<f64>(entry, P_HASH) == hash) return entry;
    slot = (slot + 1) & (PATTERN_INDEX_SIZE - 1);
  }
  const count = load<i32>(counters, C_PATTERNS);
  if (count == PATTERN_CAPACITY) return overflow();
  const entry = patterns + <usize>count * PATTERN_BYTES;
  store<f64>(entry, hash, P_HASH);
  store<i32>(entry, 0, P_COUNT);
  store<i32>(entry, 0, P_FOREIGN);
  store<i32>(entry, slot, P_INDEX_SLOT);
  store<i32>(entry, 0, P_SAMPLE_COUNT);
  store<i32>(patternIndex + (<usize>slot << 2), count + 1);
  store<i32>(counters, count + 1, C_PATTERNS);
  return entry;
}
