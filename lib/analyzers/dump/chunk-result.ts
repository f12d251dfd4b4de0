/**
 * What a chunk's scan hands to the aggregate, whoever collected it (ChunkCollector from records, or the
 * WebAssembly module's own tables, see collected-chunk.ts), and the conventions both follow.
 */
import type { DroppedTotals } from "./bounded-table";
import type { SignatureBlock } from "./signature-block";
import { escapeBytes } from "./text";

export const PATTERN_SAMPLES = 3;
/** Characters kept after the header in a signature's sample. */
export const SAMPLE_HEX_CHARS = 8;
const SAMPLE_TEXT_BYTES = 120;
/** Patterns a chunk keeps before its table prunes (assembly/collect.ts has the same capacity). */
export const CHUNK_PATTERN_LIMIT = 4096;

export interface PatternChunkEntry {
  hash: number;
  pattern: string;
  count: number;
  foreign: number;
  samples: string[];
}

export interface ChunkResult {
  index: number;
  /** Memory bytes this chunk owns (progress). */
  bytes: number;
  accepted: number;
  keyLike: number;
  /** Indexed by type * 3 + region (REGION_KINDS order). */
  byTypeRegion: number[];
  rejections: number[];
  /** sdshdr8..sdshdr64 strings (not EMBSTR, which always has alloc == len) by ALLOC_KINDS. */
  allocKinds: number[];
  signatures: SignatureBlock;
  patterns: PatternChunkEntry[];
  patternsDropped: DroppedTotals;
  /** Key-like strings hashed to a slot, and how many of those the node does not own. */
  hashed: number;
  foreign: number;
  tsv: Uint8Array | null;
}

/** Signatures are numbers when they fit (fast map keys), else "type:len:alloc". */
export function signatureKey(type: number, len: number, alloc: number): number | string {
  return alloc < 67108864 ? (alloc * 8388608 + len) * 8 + type : `${type}:${len}:${alloc}`;
}

/** A pattern's sample: the key's text, escaped, cut after SAMPLE_TEXT_BYTES bytes. */
export function patternSample(data: Uint8Array, chars: number, len: number): string {
  const text = escapeBytes(data, chars, Math.min(chars + len, chars + SAMPLE_TEXT_BYTES));
  return len > SAMPLE_TEXT_BYTES ? `${text}…` : text;
}
