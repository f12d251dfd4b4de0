/**
 * Merges chunk results, in chunk order, into whole-dump totals in bounded memory: plain counters, bounded
 * tables of signatures and patterns, and the run merger's open state per signature.
 */
import { ALLOC_KINDS } from "./alloc-convention";
import { BoundedTable, type CountedEntry, type DroppedTotals } from "./bounded-table";
import { PATTERN_SAMPLES, SAMPLE_HEX_CHARS, type ChunkResult } from "./chunk-result";
import { forEachSignature } from "./signature-block";
import { hexBytes } from "./text";
import { RunMerger, type OpenRunState } from "./runs";
import { REGION_KINDS, REJECTION_RULES, TYPE_COUNT } from "./types";

const SIGNATURE_LIMIT = 20000;
const PATTERN_LIMIT = 4096;

export interface SignatureTotal extends CountedEntry {
  key: number | string;
  type: number;
  len: number;
  alloc: number;
  sampleAddress: number;
  sampleHex: string;
  run: OpenRunState | null;
}

export interface PatternTotal extends CountedEntry {
  pattern: string;
  foreign: number;
  samples: string[];
}

export class DumpAggregate {
  chunks = 0;
  bytes = 0;
  accepted = 0;
  keyLike = 0;
  hashed = 0;
  foreign = 0;
  readonly allocKinds = ALLOC_KINDS.map(() => 0);
  readonly byTypeRegion = new Array<number>(TYPE_COUNT * REGION_KINDS.length).fill(0);
  readonly rejections = new Array<number>(REJECTION_RULES.length).fill(0);
  readonly runs: RunMerger;
  readonly signatures: BoundedTable<number | string, SignatureTotal>;
  readonly patterns = new BoundedTable<number, PatternTotal>(PATTERN_LIMIT);
  private finished = false;

  constructor(runThreshold: number) {
    this.runs = new RunMerger(runThreshold);
    // A signature dropped for being rare closes its open run first, so runs are never lost silently.
    this.signatures = new BoundedTable(SIGNATURE_LIMIT, (signature) => {
      if (signature.run) this.runs.close(signature.key, signature.run);
    });
  }

  /** Must be called with chunk results in chunk index order. */
  add(result: ChunkResult): void {
    if (result.index !== this.chunks) throw new Error(`chunk ${result.index} arrived out of order (expected ${this.chunks})`);
    this.chunks++;
    this.bytes += result.bytes;
    this.accepted += result.accepted;
    this.keyLike += result.keyLike;
    this.hashed += result.hashed;
    this.foreign += result.foreign;
    result.allocKinds.forEach((count, i) => (this.allocKinds[i] += count));
    result.byTypeRegion.forEach((count, i) => (this.byTypeRegion[i] += count));
    result.rejections.forEach((count, i) => (this.rejections[i] += count));
    forEachSignature(result.signatures, (chunkSignature) => {
      const signature =
        this.signatures.get(chunkSignature.key) ??
        this.signatures.insert(chunkSignature.key, {
          key: chunkSignature.key,
          type: chunkSignature.type,
          len: chunkSignature.len,
          alloc: chunkSignature.alloc,
          sampleAddress: chunkSignature.sampleAddress,
          sampleHex: hexBytes(result.signatures.samples, chunkSignature.sampleFrom, chunkSignature.sampleTo) + (chunkSignature.len > SAMPLE_HEX_CHARS ? " …" : ""),
          count: 0,
          order: 0,
          run: null,
        });
      signature.count += chunkSignature.count;
      signature.run = this.runs.merge(
        signature.key,
        signature.run,
        chunkSignature.first,
        chunkSignature.last,
        result.signatures.items,
        chunkSignature.itemsFrom,
        chunkSignature.itemCount,
      );
    });
    for (const chunkPattern of result.patterns) {
      const pattern =
        this.patterns.get(chunkPattern.hash) ??
        this.patterns.insert(chunkPattern.hash, { pattern: chunkPattern.pattern, foreign: 0, samples: [], count: 0, order: 0 });
      pattern.count += chunkPattern.count;
      pattern.foreign += chunkPattern.foreign;
      for (const sample of chunkPattern.samples) {
        if (pattern.samples.length < PATTERN_SAMPLES) pattern.samples.push(sample);
      }
    }
    this.patterns.addDropped(result.patternsDropped);
  }

  /** Closes every open run; call once after the last chunk. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const signature of this.signatures.map.values()) {
      if (signature.run) this.runs.close(signature.key, signature.run);
    }
  }

  get signaturesDropped(): DroppedTotals {
    return this.signatures.dropped;
  }
}
