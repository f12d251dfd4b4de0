/**
 * Host side of the WebAssembly scanner (assembly/sds-scan.ts): same interface and results as SdsScanner
 * for alignment 8, at several times the speed. The module is compiled once per thread; each scanner has
 * its own instance and memory, holding the byte tables, the chunk being scanned, the record buffer
 * through which accepted strings come back to the sink (scan) and the chunk totals the module keeps
 * itself (scanCollected).
 */
import { crc16SlicingTables } from "../cluster-slots";
import { ACCEPT_KEY, CHAR_CLASS, KeyInspector, forbiddenClasses } from "./key-inspector";
import type { StringSink } from "./string-sink";
import { SDS_SCAN_WASM_BASE64 } from "./sds-scan-wasm.generated";
import { REJECTION_RULES, TYPE_COUNT, type ChunkTask, type ScanSettings } from "./types";

interface ScanExports {
  memory: WebAssembly.Memory;
  allocate(bytes: number): number;
  configure(...args: number[]): void;
  scanWords(
    dataAt: number,
    length: number,
    first: number,
    wordCount: number,
    lookbackEnd: number,
    mainStart: number,
    mainEnd: number,
    ownedFrom: number,
    ownedTo: number,
    endsRegion: number,
    base: number,
    collect: number,
  ): number;
  acceptedCount(): number;
  collectorCounters(): number;
  collectorSignatures(): number;
  collectorItems(): number;
  collectorPatterns(): number;
}

/**
 * The module's per-chunk tables after a collecting scan (layouts in assembly/collect.ts), as views of its
 * memory: valid until the next scan.
 */
export interface CollectedTables {
  /** The chunk's bytes (offsets in the tables are offsets in here). */
  data: Uint8Array;
  /** In COLLECTED_COUNTERS order. */
  counters: Int32Array;
  signatureFloats: Float64Array;
  signatureInts: Int32Array;
  items: Int32Array;
  patternFloats: Float64Array;
  patternInts: Int32Array;
}

/** Indexes in CollectedTables.counters (assembly/collect.ts, C_* / 4). */
export const COLLECTED_COUNTERS = {
  overflow: 0,
  signatures: 1,
  patterns: 2,
  items: 3,
  keyLike: 4,
  hashed: 5,
  foreign: 6,
  /** Four counts, ALLOC_KINDS order. */
  allocKinds: 7,
  byType: 11,
} as const;
/** A signature entry is 72 bytes (9 doubles / 18 ints): alloc, len, then ints from index 4 (SIGNATURE_FIELDS). */
export const SIGNATURE_FLOATS = 9;
export const SIGNATURE_INTS = 18;
export const SIGNATURE_FIELDS = { type: 4, count: 5, first: 6, last: 7, itemsHead: 11, sampleStart: 15, sampleChars: 17 } as const;
/** A run item is 4 ints: stride, diffs (-1: gap marker), start, next (-1: last). */
export const ITEM_INTS = 4;
/** A pattern entry is 48 bytes (6 doubles / 12 ints): hash, then count, foreign, slot, sample count, (chars, len) × 3. */
export const PATTERN_FLOATS = 6;
export const PATTERN_INTS = 12;
export const PATTERN_FIELDS = { count: 2, foreign: 3, sampleCount: 5, samples: 6 } as const;

/**
 * A record (see flushRun in the module) is 48 bytes: 8 int32 (start, type, charsStart, len, count,
 * stride, hashed, foreign) then 2 doubles (alloc, pattern), read through Int32Array / Float64Array views.
 */
const RECORD_BYTES = 48;
export const RECORD_INTS = RECORD_BYTES / 4;
export const RECORD_FLOATS = RECORD_BYTES / 8;
/** Index of a record's first double in the Float64Array view. */
export const RECORD_FLOAT_OFFSET = 4;
const RECORD_CAPACITY = 4096;
/** An sdshdr5 string ends within 32 bytes of its flags byte (as in SdsScanner). */
const SHORT_STRING_REACH = 32;

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled module, or null where WebAssembly is unavailable (the JavaScript scanner is used then).
 * Worker threads receive the main thread's module (adoptScanModule): its code is already optimized by
 * the time they start, where a fresh compilation would run its first chunks in baseline code.
 */
export function scanModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(SDS_SCAN_WASM_BASE64, "base64"));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Uses a module compiled by another thread (see scanModule). */
export function adoptScanModule(module: WebAssembly.Module): void {
  compiled = module;
}

export class WasmSdsScanner {
  readonly rejections = new Float64Array(REJECTION_RULES.length);
  accepted = 0;

  private readonly exports: ScanExports;
  private readonly inspector: KeyInspector;
  private readonly rejectionsAt: number;
  private readonly stateAt: number;
  private readonly recordsAt: number;
  private dataAt = 0;
  private dataCapacity = 0;
  private view: Uint8Array = new Uint8Array(0);
  /** The view's length (a view of a buffer the module's growth detached reads as empty). */
  private viewLength = 0;
  private sink: StringSink | null = null;

  /** A scanner for these settings, or null when only the JavaScript one applies. */
  static create(settings: ScanSettings): WasmSdsScanner | null {
    if (settings.align !== 8) return null;
    const module = scanModule();
    return module ? new WasmSdsScanner(module, settings) : null;
  }

  private constructor(module: WebAssembly.Module, settings: ScanSettings) {
    this.inspector = new KeyInspector(settings.content);
    const instance = new WebAssembly.Instance(module, {
      env: {
        flushRecords: (count: number) => this.deliver(count),
        highBytes: (start: number, end: number, mask: number) => this.highBytes(start, end, mask),
      },
    });
    this.exports = instance.exports as unknown as ScanExports;
    const table = (bytes: ArrayLike<number>) => {
      const at = this.exports.allocate(bytes.length);
      new Uint8Array(this.exports.memory.buffer, at, bytes.length).set(bytes);
      return at;
    };
    const forbidden = forbiddenClasses(settings.content);
    const charOk = CHAR_CLASS.map((cls) => ((cls & forbidden) === 0 ? 1 : 0));
    const type5LengthOk = new Uint8Array(256).map((_, byte) => {
      const len = byte >>> 3;
      return len >= Math.max(1, settings.minLen) && len <= settings.maxLen ? 1 : 0;
    });
    const crc = crc16SlicingTables();
    this.exports.configure(
      table(CHAR_CLASS),
      table(charOk),
      table(type5LengthOk),
      settings.ownedSlots ? table(settings.ownedSlots) : 0,
      table(new Uint8Array(crc.buffer, crc.byteOffset, crc.byteLength)),
      (this.rejectionsAt = this.exports.allocate(REJECTION_RULES.length * 8)),
      (this.stateAt = this.exports.allocate(3 * 8)),
      (this.recordsAt = this.exports.allocate(RECORD_CAPACITY * RECORD_BYTES)),
      RECORD_CAPACITY,
      forbidden,
      settings.minLen,
      settings.maxLen,
      settings.runThreshold,
    );
  }

  /** Same contract as SdsScanner.scan (alignment 8). */
  scan(data: Uint8Array, task: ChunkTask, sink: StringSink): void {
    this.sink = sink;
    this.deliver(this.scanWords(data, task, false));
  }

  /**
   * Scans a chunk with the strings aggregated inside the module (no records, no TSV); null when a table
   * overflowed, and the chunk must be scanned again through scan().
   */
  scanCollected(data: Uint8Array, task: ChunkTask): CollectedTables | null {
    this.sink = null;
    this.scanWords(data, task, true);
    const { exports } = this;
    const memory = exports.memory.buffer;
    const counters = new Int32Array(memory, exports.collectorCounters(), COLLECTED_COUNTERS.byType + TYPE_COUNT);
    if (counters[COLLECTED_COUNTERS.overflow] !== 0) return null;
    const signatures = counters[COLLECTED_COUNTERS.signatures];
    const patterns = counters[COLLECTED_COUNTERS.patterns];
    return {
      data: this.chunkView(),
      counters,
      signatureFloats: new Float64Array(memory, exports.collectorSignatures(), signatures * SIGNATURE_FLOATS),
      signatureInts: new Int32Array(memory, exports.collectorSignatures(), signatures * SIGNATURE_INTS),
      items: new Int32Array(memory, exports.collectorItems(), counters[COLLECTED_COUNTERS.items] * ITEM_INTS),
      patternFloats: new Float64Array(memory, exports.collectorPatterns(), patterns * PATTERN_FLOATS),
      patternInts: new Int32Array(memory, exports.collectorPatterns(), patterns * PATTERN_INTS),
    };
  }

  /** Runs the module over a chunk; returns the records left to deliver (none when collecting). */
  private scanWords(data: Uint8Array, task: ChunkTask, collect: boolean): number {
    const ownedFrom = task.ownedStart - task.dataStart;
    const ownedTo = task.ownedEnd - task.dataStart;
    const length = Math.max(0, Math.min(data.length, ownedTo));
    const inPlace = data.buffer === this.exports.memory.buffer && data.byteOffset === this.dataAt && length <= this.dataCapacity;
    this.reserve(length);
    if (!inPlace) this.view.set(data.subarray(0, length));
    const base = task.dataStart;
    const first = (8 - (base % 8)) % 8;
    const wordCount = Math.max(0, Math.floor((length - first) / 8));
    const wordAt = (index: number) => Math.max(0, Math.ceil((index - first) / 8));
    const lookbackEnd = Math.min(wordAt(ownedFrom - SHORT_STRING_REACH), wordAt(length - 8));
    const mainStart = Math.max(lookbackEnd, wordAt(ownedFrom));
    const mainEnd = Math.max(mainStart, Math.min(wordCount, wordAt(length - SHORT_STRING_REACH)));
    new Float64Array(this.exports.memory.buffer, this.rejectionsAt, REJECTION_RULES.length).fill(0);
    const left = this.exports.scanWords(
      this.dataAt,
      length,
      first,
      wordCount,
      lookbackEnd,
      mainStart,
      mainEnd,
      ownedFrom,
      ownedTo,
      task.ownedEnd === task.regionEnd ? 1 : 0,
      base,
      collect ? 1 : 0,
    );
    this.rejections.set(new Float64Array(this.exports.memory.buffer, this.rejectionsAt, REJECTION_RULES.length));
    this.accepted = this.exports.acceptedCount();
    return left;
  }

  inputBuffer(length: number): Buffer {
    this.reserve(length);
    return Buffer.from(this.exports.memory.buffer, this.dataAt, length);
  }

  /** Room for a chunk of `length` bytes; the module's memory only grows, so views are renewed then. */
  private reserve(length: number): void {
    if (length > this.dataCapacity) {
      this.dataCapacity = Math.max(length, this.dataCapacity * 2);
      // Key templates are compared 16 bytes at a time and may read up to 15 bytes past the chunk.
      this.dataAt = this.exports.allocate(this.dataCapacity + 16);
    }
    this.viewLength = length;
    this.view = new Uint8Array(this.exports.memory.buffer, this.dataAt, length);
  }

  /**
   * The chunk in the module's memory. The module can grow its memory while scanning (a key template for a
   * new length), which detaches every view of the old buffer: views are renewed after each call into it.
   */
  private chunkView(): Uint8Array {
    if (this.view.buffer !== this.exports.memory.buffer) this.view = new Uint8Array(this.exports.memory.buffer, this.dataAt, this.viewLength);
    return this.view;
  }

  private deliver(count: number): void {
    const memory = this.exports.memory.buffer;
    const data = this.chunkView();
    const ints = new Int32Array(memory, this.recordsAt, count * RECORD_INTS);
    const floats = new Float64Array(memory, this.recordsAt, count * RECORD_FLOATS);
    const sink = this.sink!;
    if (sink.addRecords) {
      sink.addRecords(data, ints, floats, count);
      return;
    }
    for (let r = 0, i = 0, f = RECORD_FLOAT_OFFSET; r < count; r++, i += RECORD_INTS, f += RECORD_FLOATS) {
      sink.addRun(data, ints[i], ints[i + 1], ints[i + 2], ints[i + 3], floats[f], floats[f + 1], ints[i + 4], ints[i + 5], ints[i + 6], ints[i + 7]);
    }
  }

  private highBytes(start: number, end: number, mask: number): number {
    const inspector = this.inspector;
    const verdict = inspector.finishHighBytes(this.chunkView(), start, end, mask);
    if (verdict === ACCEPT_KEY) {
      const state = new Float64Array(this.exports.memory.buffer, this.stateAt, 3);
      state[0] = inspector.patternHash;
      state[1] = inspector.tagOpen;
      state[2] = inspector.tagClose;
    }
    return verdict;
  }
}
