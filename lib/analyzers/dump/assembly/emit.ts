/**
 * Where accepted strings go. Consecutive strings of one signature and pattern at a constant stride leave
 * as one run: a leak's copies cost one record (or one collector update) per run instead of one per
 * string. Runs become records the host reads (flushed through `flushRecords` when the buffer is full), or,
 * when the host asks to collect, go to the module's own chunk totals (collect.ts).
 */
import { collectRun } from "./collect";
import { ownedSlots } from "./memory";

@external("env", "flushRecords")
declare function flushRecords(count: i32): void;

/**
 * A record is 48 bytes: i32 start, type, charsStart, len, count, stride, hashed, foreign, then f64 alloc
 * and pattern (the host reads the integers through an Int32Array: no number boxing per record).
 */
const RECORD_BYTES = 48;

let records: usize = 0;
let recordCapacity: i32 = 0;
let recordCount: i32 = 0;
let collecting = false;

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

export function setRecordBuffer(at: usize, capacity: i32): void {
  records = at;
  recordCapacity = capacity;
}

/** Starts a chunk: records, or totals in the module (`collect`). */
export function startEmitting(collect: bool): void {
  collecting = collect;
  recordCount = 0;
  runCount = 0;
}

/** Records written and not yet flushed (after the chunk's last flushRun). */
export function recordsLeft(): i32 {
  return recordCount;
}

export function emit(start: i32, type: i32, charsStart: i32, len: f64, alloc: f64, pattern: f64, slot: i32): void {
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

export function flushRun(): void {
  if (runCount == 0) return;
  if (collecting) {
    collectRun(runStart, runType, runChars, runLen, runAlloc, runPattern, runCount, runStride, runHashed, runForeign);
    runCount = 0;
    return;
  }
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
