/**
 * A chunk's result from the WebAssembly module's own tables (assembly/collect.ts): the same ChunkResult
 * ChunkCollector builds from records, built from a few hundred table entries instead of one record per
 * string. Offsets in the tables are chunk offsets; addresses are the chunk's base plus them.
 */
import type { ChunkScanner } from "./chunk-collector";
import { SAMPLE_HEX_CHARS, patternSample, signatureKey, type ChunkResult, type PatternChunkEntry } from "./chunk-result";
import { patternText } from "./patterns";
import type { RunItem } from "./runs";
import { packSignatures, type SignatureSource } from "./signature-block";
import { REGION_KINDS, TYPE_COUNT, type ChunkTask } from "./types";
import {
  COLLECTED_COUNTERS,
  ITEM_INTS,
  PATTERN_FIELDS,
  PATTERN_FLOATS,
  SIGNATURE_FIELDS,
  SIGNATURE_FLOATS,
  type CollectedTables,
} from "./wasm-sds-scanner";

const NO_DROPS = { entries: 0, count: 0, maxDroppedCount: 0 };

export function collectedChunkResult(tables: CollectedTables, task: ChunkTask, scanner: ChunkScanner): ChunkResult {
  const { counters } = tables;
  const regionIndex = REGION_KINDS.indexOf(task.kind);
  const byTypeRegion = new Array<number>(TYPE_COUNT * REGION_KINDS.length).fill(0);
  for (let type = 0; type < TYPE_COUNT; type++) byTypeRegion[type * 3 + regionIndex] = counters[COLLECTED_COUNTERS.byType + type];
  const { sources, samplePool } = signatureSources(tables, task.dataStart);
  return {
    index: task.index,
    bytes: task.ownedEnd - task.ownedStart,
    accepted: scanner.accepted,
    keyLike: counters[COLLECTED_COUNTERS.keyLike],
    byTypeRegion,
    rejections: Array.from(scanner.rejections),
    allocEqualsLen: counters[COLLECTED_COUNTERS.allocEqualsLen],
    allocAboveLen: counters[COLLECTED_COUNTERS.allocAboveLen],
    signatures: packSignatures(sources, samplePool),
    patterns: patternEntries(tables),
    patternsDropped: { ...NO_DROPS },
    hashed: counters[COLLECTED_COUNTERS.hashed],
    foreign: counters[COLLECTED_COUNTERS.foreign],
    tsv: null,
  };
}

function signatureSources(tables: CollectedTables, base: number): { sources: SignatureSource[]; samplePool: Uint8Array } {
  const { data, signatureFloats, signatureInts, items } = tables;
  const count = tables.counters[COLLECTED_COUNTERS.signatures];
  const ranges = new Int32Array(count * 2);
  let poolBytes = 0;
  for (let s = 0, i = 0; s < count; s++, i += SIGNATURE_FLOATS * 2) {
    const len = signatureFloats[s * SIGNATURE_FLOATS + 1];
    const start = signatureInts[i + SIGNATURE_FIELDS.sampleStart];
    const end = signatureInts[i + SIGNATURE_FIELDS.sampleChars] + Math.min(len, SAMPLE_HEX_CHARS);
    ranges[s * 2] = start;
    ranges[s * 2 + 1] = end;
    poolBytes += end - start;
  }
  const samplePool = new Uint8Array(poolBytes);
  const sources: SignatureSource[] = [];
  let poolAt = 0;
  for (let s = 0, i = 0; s < count; s++, i += SIGNATURE_FLOATS * 2) {
    const alloc = signatureFloats[s * SIGNATURE_FLOATS];
    const len = signatureFloats[s * SIGNATURE_FLOATS + 1];
    const type = signatureInts[i + SIGNATURE_FIELDS.type];
    const start = ranges[s * 2];
    samplePool.set(data.subarray(start, ranges[s * 2 + 1]), poolAt);
    poolAt += ranges[s * 2 + 1] - start;
    const runItems: RunItem[] = [];
    for (let item = signatureInts[i + SIGNATURE_FIELDS.itemsHead]; item >= 0; item = items[item * ITEM_INTS + 3]) {
      const diffs = items[item * ITEM_INTS + 1];
      runItems.push(diffs < 0 ? null : { stride: items[item * ITEM_INTS], diffs, start: base + items[item * ITEM_INTS + 2] });
    }
    sources.push({
      key: signatureKey(type, len, alloc),
      type,
      len,
      alloc,
      count: signatureInts[i + SIGNATURE_FIELDS.count],
      sampleAddress: base + start,
      sampleTo: poolAt,
      first: base + signatureInts[i + SIGNATURE_FIELDS.first],
      last: base + signatureInts[i + SIGNATURE_FIELDS.last],
      finish: () => runItems,
    });
  }
  return { sources, samplePool };
}

function patternEntries(tables: CollectedTables): PatternChunkEntry[] {
  const { data, patternFloats, patternInts } = tables;
  const entries: PatternChunkEntry[] = [];
  const count = tables.counters[COLLECTED_COUNTERS.patterns];
  for (let p = 0, i = 0; p < count; p++, i += PATTERN_FLOATS * 2) {
    const samples: string[] = [];
    const sampleCount = patternInts[i + PATTERN_FIELDS.sampleCount];
    for (let n = 0; n < sampleCount; n++) {
      samples.push(patternSample(data, patternInts[i + PATTERN_FIELDS.samples + n * 2], patternInts[i + PATTERN_FIELDS.samples + n * 2 + 1]));
    }
    const chars = patternInts[i + PATTERN_FIELDS.samples];
    const len = patternInts[i + PATTERN_FIELDS.samples + 1];
    entries.push({
      hash: patternFloats[p * PATTERN_FLOATS],
      pattern: patternText(data, chars, chars + len),
      count: patternInts[i + PATTERN_FIELDS.count],
      foreign: patternInts[i + PATTERN_FIELDS.foreign],
      samples,
    });
  }
  return entries;
}
