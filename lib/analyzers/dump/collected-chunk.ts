/**
 * A chunk's result from the WebAssembly module's own tables (assembly/collect.ts): the same ChunkResult
 * ChunkCollector builds from records, built from a few hundred table entries instead of one record per
 * string. Offsets in the tables are chunk offsets; addresses are the chunk's base plus them.
 */
import { ALLOC_KINDS } from "./alloc-convention";
import type { ChunkScanner } from "./chunk-collector";
import { SAMPLE_HEX_CHARS, patternSample, signatureKey, type ChunkResult, type PatternChunkEntry } from "./chunk-result";
import { patternText } from "./patterns";
import { RUN_ITEM_NUMBERS } from "./runs";
import { emptySignatureBlock, setSignature, type SignatureBlock } from "./signature-block";
import { REGION_KINDS, TYPE_COUNT, type ChunkTask } from "./types";
import {
  COLLECTED_COUNTERS,
  ITEM_INTS,
  PATTERN_FIELDS,
  PATTERN_FLOATS,
  PATTERN_INTS,
  SIGNATURE_FIELDS,
  SIGNATURE_FLOATS,
  SIGNATURE_INTS,
  type CollectedTables,
} from "./wasm-sds-scanner";

const NO_DROPS = { entries: 0, count: 0, maxDroppedCount: 0 };

export function collectedChunkResult(tables: CollectedTables, task: ChunkTask, scanner: ChunkScanner): ChunkResult {
  const { counters } = tables;
  const regionIndex = REGION_KINDS.indexOf(task.kind);
  const byTypeRegion = new Array<number>(TYPE_COUNT * REGION_KINDS.length).fill(0);
  for (let type = 0; type < TYPE_COUNT; type++) byTypeRegion[type * 3 + regionIndex] = counters[COLLECTED_COUNTERS.byType + type];
  return {
    index: task.index,
    bytes: task.ownedEnd - task.ownedStart,
    accepted: scanner.accepted,
    keyLike: counters[COLLECTED_COUNTERS.keyLike],
    byTypeRegion,
    rejections: Array.from(scanner.rejections),
    allocKinds: Array.from(counters.subarray(COLLECTED_COUNTERS.allocKinds, COLLECTED_COUNTERS.allocKinds + ALLOC_KINDS.length)),
    signatures: signatureBlock(tables, task.dataStart),
    patterns: patternEntries(tables),
    patternsDropped: { ...NO_DROPS },
    hashed: counters[COLLECTED_COUNTERS.hashed],
    foreign: counters[COLLECTED_COUNTERS.foreign],
    tsv: null,
  };
}

/** The signature block straight from the module's tables (no object per signature or run item). */
function signatureBlock(tables: CollectedTables, base: number): SignatureBlock {
  const { data, signatureFloats, signatureInts, items } = tables;
  const count = tables.counters[COLLECTED_COUNTERS.signatures];
  const sampleEnd = (s: number) => signatureInts[s * SIGNATURE_INTS + SIGNATURE_FIELDS.sampleChars] + Math.min(signatureFloats[s * SIGNATURE_FLOATS + 1], SAMPLE_HEX_CHARS);
  let sampleBytes = 0;
  for (let s = 0; s < count; s++) sampleBytes += sampleEnd(s) - signatureInts[s * SIGNATURE_INTS + SIGNATURE_FIELDS.sampleStart];
  const block = emptySignatureBlock(count, tables.counters[COLLECTED_COUNTERS.items], new Uint8Array(sampleBytes));
  let sampleAt = 0;
  let itemAt = 0;
  for (let s = 0, i = 0; s < count; s++, i += SIGNATURE_INTS) {
    const alloc = signatureFloats[s * SIGNATURE_FLOATS];
    const len = signatureFloats[s * SIGNATURE_FLOATS + 1];
    const type = signatureInts[i + SIGNATURE_FIELDS.type];
    const start = signatureInts[i + SIGNATURE_FIELDS.sampleStart];
    const end = sampleEnd(s);
    // Byte by byte: a sample is a few bytes, and a subarray per signature costs more than the copy.
    for (let byte = start; byte < end; byte++) block.samples[sampleAt++] = data[byte];
    const itemsFrom = itemAt;
    for (let item = signatureInts[i + SIGNATURE_FIELDS.itemsHead]; item >= 0; item = items[item * ITEM_INTS + 3], itemAt++) {
      const diffs = items[item * ITEM_INTS + 1];
      block.items[itemAt * RUN_ITEM_NUMBERS] = diffs < 0 ? NaN : items[item * ITEM_INTS];
      block.items[itemAt * RUN_ITEM_NUMBERS + 1] = diffs < 0 ? NaN : diffs;
      block.items[itemAt * RUN_ITEM_NUMBERS + 2] = diffs < 0 ? NaN : base + items[item * ITEM_INTS + 2];
    }
    const first = base + signatureInts[i + SIGNATURE_FIELDS.first];
    const last = base + signatureInts[i + SIGNATURE_FIELDS.last];
    const strings = signatureInts[i + SIGNATURE_FIELDS.count];
    setSignature(block, s, signatureKey(type, len, alloc), type, len, alloc, strings, base + start, sampleAt, first, last, itemsFrom, itemAt - itemsFrom);
  }
  return block;
}

function patternEntries(tables: CollectedTables): PatternChunkEntry[] {
  const { data, patternFloats, patternInts } = tables;
  const entries: PatternChunkEntry[] = [];
  const count = tables.counters[COLLECTED_COUNTERS.patterns];
  for (let p = 0, i = 0; p < count; p++, i += PATTERN_INTS) {
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
