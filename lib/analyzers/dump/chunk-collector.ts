/**
 * Everything learnt from one chunk, in a compact structured-cloneable form a worker can post back:
 * counts, signatures with their run items, key patterns with slot ownership, and the TSV lines.
 * Per-string work here is kept to a map lookup and a few increments; text is built only for samples.
 * The collector takes the scanner's strings when every string is written out (TSV), for the JavaScript
 * scanner, and for a chunk the WebAssembly module could not total itself (see collected-chunk.ts).
 */
import { ALLOC_KINDS, allocKind } from "./alloc-convention";
import { BoundedTable, type CountedEntry } from "./bounded-table";
import {
  CHUNK_PATTERN_LIMIT,
  PATTERN_SAMPLES,
  SAMPLE_HEX_CHARS,
  patternSample,
  signatureKey,
  type ChunkResult,
  type PatternChunkEntry,
} from "./chunk-result";
import { collectedChunkResult } from "./collected-chunk";
import { patternText } from "./patterns";
import { RunItemBuilder } from "./runs";
import { SdsScanner } from "./sds-scanner";
import type { StringSink } from "./string-sink";
import { RECORD_FLOAT_OFFSET, RECORD_FLOATS, RECORD_INTS, WasmSdsScanner, type CollectedTables } from "./wasm-sds-scanner";
import { packSignatures } from "./signature-block";
import { TsvBuilder } from "./tsv-builder";
import {
  EMBSTR_TYPE,
  REGION_KINDS,
  STRING_TYPES,
  TYPE_COUNT,
  type ChunkTask,
  type RegionKind,
  type ScanSettings,
} from "./types";

const CACHE_SIZE = 1024;

/** One signature's counts and run items in this chunk (the builder itself: one object per signature). */
class SignatureState extends RunItemBuilder {
  count = 0;

  constructor(
    readonly key: number | string,
    readonly type: number,
    readonly len: number,
    readonly alloc: number,
    readonly sampleAddress: number,
    /** Where the header and first characters of the chunk's first string of this signature are in the sample pool. */
    readonly sampleFrom: number,
    readonly sampleTo: number,
    threshold: number,
  ) {
    super(threshold);
  }
}

interface PatternState extends CountedEntry {
  entry: PatternChunkEntry;
}

class ChunkCollector implements StringSink {
  private base = 0;
  private regionIndex = 0;
  private regionName: RegionKind = "raw";
  accepted = 0;
  keyLike = 0;
  hashed = 0;
  foreign = 0;
  readonly allocKinds = ALLOC_KINDS.map(() => 0);
  readonly byTypeRegion = new Array<number>(TYPE_COUNT * REGION_KINDS.length).fill(0);
  private readonly signatures = new Map<number | string, SignatureState>();
  /** Signature samples back to back (one allocation per chunk rather than one per signature). */
  private samplePool = new Uint8Array(4096);
  private samplesUsed = 0;
  private readonly patterns = new BoundedTable<number, PatternState>(CHUNK_PATTERN_LIMIT);
  private readonly tsv: TsvBuilder | null;
  // Small direct-mapped caches in front of the maps: a Map lookup hashes a double key, and memory holds
  // long stretches of a few signatures and patterns.
  private readonly signatureCacheKeys = new Float64Array(CACHE_SIZE).fill(-1);
  private readonly signatureCache: (SignatureState | undefined)[] = new Array<SignatureState | undefined>(CACHE_SIZE).fill(undefined);
  private readonly patternCacheKeys = new Float64Array(CACHE_SIZE).fill(-1);
  private readonly patternCache: (PatternState | undefined)[] = new Array<PatternState | undefined>(CACHE_SIZE).fill(undefined);

  constructor(
    private readonly settings: ScanSettings,
    task: ChunkTask,
  ) {
    this.base = task.dataStart;
    this.regionIndex = REGION_KINDS.indexOf(task.kind);
    this.regionName = task.kind;
    this.tsv = settings.writeTsv ? new TsvBuilder() : null;
  }

  add(data: Uint8Array, start: number, type: number, charsStart: number, len: number, alloc: number, pattern: number, slot: number): void {
    const foreign = slot >= 0 && this.settings.ownedSlots![slot] === 0 ? 1 : 0;
    this.addRun(data, start, type, charsStart, len, alloc, pattern, 1, 0, slot >= 0 ? 1 : 0, foreign);
  }

  addRun(
    data: Uint8Array,
    start: number,
    type: number,
    charsStart: number,
    len: number,
    alloc: number,
    pattern: number,
    count: number,
    stride: number,
    hashed: number,
    foreign: number,
  ): void {
    const address = this.base + start;
    this.accepted += count;
    this.byTypeRegion[type * 3 + this.regionIndex] += count;
    if (type !== EMBSTR_TYPE && type !== 0) this.allocKinds[allocKind(type, len, alloc)] += count;
    const key = signatureKey(type, len, alloc);
    const cacheSlot = typeof key === "number" ? (len * 31 + alloc * 7 + type) & (CACHE_SIZE - 1) : -1;
    let signature = cacheSlot >= 0 && this.signatureCacheKeys[cacheSlot] === key ? this.signatureCache[cacheSlot] : this.signatures.get(key);
    if (!signature) signature = this.newSignature(data, key, type, len, alloc, start, charsStart, address);
    if (cacheSlot >= 0) {
      this.signatureCacheKeys[cacheSlot] = key as number;
      this.signatureCache[cacheSlot] = signature;
    }
    signature.count += count;
    signature.addRun(address, stride, count);
    if (pattern >= 0) this.addKeys(data, charsStart, len, stride, count, pattern, hashed, foreign);
    if (this.tsv) {
      for (let n = 0, chars = charsStart; n < count; n++, chars += stride) {
        this.tsv.line(address + n * stride, STRING_TYPES[type], len, alloc, this.regionName, data, chars, chars + len);
      }
    }
  }

  /** Records of the WebAssembly scanner: see RECORD_INTS / RECORD_FLOATS in wasm-sds-scanner.ts. */
  addRecords(data: Uint8Array, ints: Int32Array, floats: Float64Array, count: number): void {
    for (let r = 0, i = 0, f = RECORD_FLOAT_OFFSET; r < count; r++, i += RECORD_INTS, f += RECORD_FLOATS) {
      this.addRun(data, ints[i], ints[i + 1], ints[i + 2], ints[i + 3], floats[f], floats[f + 1], ints[i + 4], ints[i + 5], ints[i + 6], ints[i + 7]);
    }
  }

  private newSignature(data: Uint8Array, key: number | string, type: number, len: number, alloc: number, start: number, charsStart: number, address: number): SignatureState {
    const sampleEnd = charsStart + Math.min(len, SAMPLE_HEX_CHARS);
    if (this.samplesUsed + sampleEnd - start > this.samplePool.length) {
      const grown = new Uint8Array(Math.max(this.samplePool.length * 2, this.samplesUsed + sampleEnd - start));
      grown.set(this.samplePool.subarray(0, this.samplesUsed));
      this.samplePool = grown;
    }
    // Copied: `data` is memory the next chunk is read into.
    this.samplePool.set(data.subarray(start, sampleEnd), this.samplesUsed);
    const state = new SignatureState(key, type, len, alloc, address, this.samplesUsed, this.samplesUsed + sampleEnd - start, this.settings.runThreshold);
    this.samplesUsed += sampleEnd - start;
    this.signatures.set(key, state);
    return state;
  }

  /** `count` key-like strings of one pattern, `stride` bytes apart, the first at data[start]. */
  private addKeys(data: Uint8Array, start: number, len: number, stride: number, count: number, hash: number, hashed: number, foreign: number): void {
    this.keyLike += count;
    const cacheSlot = hash & (CACHE_SIZE - 1);
    let state = this.patternCacheKeys[cacheSlot] === hash ? this.patternCache[cacheSlot] : this.patterns.get(hash);
    if (!state) {
      const entry: PatternChunkEntry = { hash, pattern: patternText(data, start, start + len), count: 0, foreign: 0, samples: [] };
      const dropped = this.patterns.dropped.entries;
      state = this.patterns.insert(hash, { entry, count: 0, order: 0 });
      // Pruning may have dropped cached entries: forget them all.
      if (this.patterns.dropped.entries !== dropped) this.patternCacheKeys.fill(-1);
    }
    this.patternCacheKeys[cacheSlot] = hash;
    this.patternCache[cacheSlot] = state;
    state.count += count;
    state.entry.count += count;
    for (let n = 0, chars = start; n < count && state.entry.samples.length < PATTERN_SAMPLES; n++, chars += stride) {
      state.entry.samples.push(patternSample(data, chars, len));
    }
    this.hashed += hashed;
    this.foreign += foreign;
    state.entry.foreign += foreign;
  }

  result(index: number, bytes: number, scanner: ChunkScanner): ChunkResult {
    const signatures = packSignatures([...this.signatures.values()], this.samplePool);
    const tsv = this.tsv ? this.tsv.finish() : null;
    return {
      index,
      bytes,
      accepted: this.accepted,
      keyLike: this.keyLike,
      byTypeRegion: this.byTypeRegion,
      rejections: Array.from(scanner.rejections),
      allocKinds: this.allocKinds,
      signatures,
      patterns: [...this.patterns.map.values()].sort((a, b) => a.order - b.order).map((s) => s.entry),
      patternsDropped: this.patterns.dropped,
      hashed: this.hashed,
      foreign: this.foreign,
      tsv,
    };
  }
}

/** What scanChunk needs of a scanner: SdsScanner, or WasmSdsScanner with the same results. */
export interface ChunkScanner {
  readonly rejections: Float64Array;
  readonly accepted: number;
  scan(data: Uint8Array, task: ChunkTask, sink: StringSink): void;
  /** Scans with the strings aggregated by the scanner itself; null when it cannot (scan() then). */
  scanCollected?(data: Uint8Array, task: ChunkTask): CollectedTables | null;
  /** A buffer in the scanner's own memory: chunks read into it are scanned without a copy. */
  inputBuffer?(length: number): Buffer;
}

export type ScanEngine = "auto" | "js";

const scanners = new WeakMap<ScanSettings, ChunkScanner>();

/**
 * The scanner for `settings`: the WebAssembly one where it applies (alignment 8), else JavaScript.
 * `CASEBOOK_DUMP_ENGINE=js` forces JavaScript (a comparison aid; the results are the same).
 */
export function createScanner(settings: ScanSettings, engine: ScanEngine = process.env.CASEBOOK_DUMP_ENGINE === "js" ? "js" : "auto"): ChunkScanner {
  return (engine === "auto" ? WasmSdsScanner.create(settings) : null) ?? new SdsScanner(settings);
}

function scannerFor(settings: ScanSettings): ChunkScanner {
  let scanner = scanners.get(settings);
  if (!scanner) {
    scanner = createScanner(settings);
    scanners.set(settings, scanner);
  }
  return scanner;
}

let readBuffer: Buffer | null = null;

/**
 * Where to read the next chunk of `length` bytes for `settings`: the scanner's own memory when it has one
 * (scanned without a copy), else one buffer per thread, reused by every chunk (fresh multi-megabyte
 * buffers cost page faults and garbage collection).
 */
export function chunkReadBuffer(settings: ScanSettings, length: number): Buffer {
  const own = scannerFor(settings).inputBuffer?.(length);
  if (own) return own;
  if (!readBuffer || readBuffer.length < length) readBuffer = Buffer.allocUnsafeSlow(length);
  return readBuffer.subarray(0, length);
}

/** Scans one chunk's bytes and returns what it found. Used the same way in workers and in-thread. */
export function scanChunk(data: Uint8Array, task: ChunkTask, settings: ScanSettings): ChunkResult {
  return scanWith(scannerFor(settings), data, task, settings);
}

/** One chunk through a given scanner (tests compare the engines with it). */
export function scanWith(scanner: ChunkScanner, data: Uint8Array, task: ChunkTask, settings: ScanSettings): ChunkResult {
  if (!settings.writeTsv && scanner.scanCollected) {
    const tables = scanner.scanCollected(data, task);
    if (tables) return collectedChunkResult(tables, task, scanner);
  }
  const collector = new ChunkCollector(settings, task);
  scanner.scan(data, task, collector);
  return collector.result(task.index, task.ownedEnd - task.ownedStart, scanner);
}
