/** Shared types, constants and option handling of the SDS dump analyzer. */
import type { Writable } from "node:stream";
import { InvalidInputError } from "../../errors";
import type { NodeSlots } from "../cluster-slots";

export type DumpFormat = "elf" | "raw" | "hexdump";
export type RegionKind = "anon" | "file" | "raw";
export type ContentClass = "printable" | "utf8" | "any";

export const REGION_KINDS: readonly RegionKind[] = ["anon", "file", "raw"];

/** Index = type code: 0..4 are the SDS header types (flags & 7), 5 marks an EMBSTR object. */
export const STRING_TYPES = ["sdshdr5", "sdshdr8", "sdshdr16", "sdshdr32", "sdshdr64", "embstr"] as const;
export type StringType = (typeof STRING_TYPES)[number];
export const EMBSTR_TYPE = 5;
export const TYPE_COUNT = STRING_TYPES.length;

/** Header bytes before the characters, by SDS type code (EMBSTR strings use the sdshdr8 header). */
export const HEADER_SIZES = [1, 3, 5, 9, 17] as const;
/** An EMBSTR allocation starts with a 16-byte robj right before its sdshdr8. */
export const ROBJ_SIZE = 16;

/**
 * Why a candidate (a byte that can be an SDS flags byte, at an aligned header position, not inside an
 * accepted string) was not taken. Rules are checked in this order; the first failing one gets the count.
 */
export const REJECTION_RULES = [
  "lenAboveAlloc",
  "tooLong",
  "crossesRegionEnd",
  "noTerminator",
  "belowMinLen",
  "content",
] as const;
export type RejectionRule = (typeof REJECTION_RULES)[number];

export const REJECTION_DESCRIPTIONS: Record<RejectionRule, string> = {
  lenAboveAlloc: "len > alloc",
  tooLong: "len above --max-len (or alloc beyond 2^53)",
  crossesRegionEnd: "string would run past the end of its memory region",
  noTerminator: "buf[len] is not 0",
  belowMinLen: "len below --min-len",
  content: "characters fail the content class",
};

export const DEFAULT_ALIGN = 8;
export const DEFAULT_MIN_LEN = 4;
/**
 * Longest string decoded by default. Key-like strings are at most 1 KiB; 64 KiB covers every sdshdr16
 * and keeps the look-back each chunk needs small (--max-len raises it, chunks grow with it).
 */
export const DEFAULT_MAX_LEN = 64 << 10;
/** Signature keys pack len into 23 bits; see signatureKey in chunk-collector.ts. */
export const MAX_MAX_LEN = (1 << 23) - 1;
export const DEFAULT_RUN_THRESHOLD = 8;
/**
 * Key-like: non-empty, at most this long, UTF-8 without whitespace or control characters. Longer or
 * spaced strings are values, buffers or text; only key-like strings get patterns and slot ownership.
 */
export const MAX_KEY_LIKE_LEN = 1024;
/** Small enough for both threads to share the work evenly and start early; see defaultChunkSize. */
export const DEFAULT_CHUNK_SIZE = 4 << 20;

export interface DumpAnalysisOptions {
  /** Input format; "auto" (default) recognises ELF cores and text hexdumps, anything else is raw. */
  format?: "auto" | DumpFormat;
  /** Address of the first byte of a raw dump, or added to the offsets of a hexdump -C / xxd listing. */
  baseAddress?: number;
  /** Skip file-backed mappings of ELF cores (default true: they hold look-alike text, not keys). */
  anonOnly?: boolean;
  /** Allocation alignment of the header start (EMBSTR: of the robj); 1 disables. Default 8. */
  align?: number;
  minLen?: number;
  maxLen?: number;
  content?: ContentClass;
  /** Slots owned by the node the dump comes from (see lib/analyzers/cluster-slots.ts). */
  slots?: NodeSlots | null;
  /** Keys the node holds (DBSIZE), for the strings-to-keys ratio. */
  dbsize?: number;
  /** Minimum strings in a contiguous run. Default 8. */
  runThreshold?: number;
  /** Worker threads for file input (default: both cores for files of 64 MiB and more, else 1). */
  threads?: number;
  /** Bytes of memory per work unit; results do not depend on it except through capped lists. */
  chunkSize?: number;
  /** Receives every decoded string as a TSV line (address, type, len, alloc, region, escaped text). */
  stringsOutput?: Writable;
}

export interface ResolvedOptions {
  format: "auto" | DumpFormat;
  baseAddress: number;
  anonOnly: boolean;
  align: number;
  minLen: number;
  maxLen: number;
  content: ContentClass;
  runThreshold: number;
  chunkSize: number;
}

/** What the scanner (in a worker or not) needs: plain, structured-cloneable data. */
export interface ScanSettings {
  align: number;
  minLen: number;
  maxLen: number;
  content: ContentClass;
  /** Owned slots (1 = owned) when ownership is analysed, else null (no hashing at all). */
  ownedSlots: Uint8Array | null;
  writeTsv: boolean;
  runThreshold: number;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInputError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function resolveOptions(options: DumpAnalysisOptions): ResolvedOptions {
  const format = options.format ?? "auto";
  if (!["auto", "elf", "raw", "hexdump"].includes(format)) {
    throw new InvalidInputError(`format must be one of auto, elf, raw, hexdump, got "${String(format)}"`);
  }
  const align = checkInteger("align", options.align ?? DEFAULT_ALIGN, 1, 4096);
  if ((align & (align - 1)) !== 0) throw new InvalidInputError(`align must be a power of two, got ${align}`);
  const content = options.content ?? "printable";
  if (!["printable", "utf8", "any"].includes(content)) {
    throw new InvalidInputError(`content must be one of printable, utf8, any, got "${String(content)}"`);
  }
  const maxLen = checkInteger("max-len", options.maxLen ?? DEFAULT_MAX_LEN, 1, MAX_MAX_LEN);
  const minLen = checkInteger("min-len", options.minLen ?? DEFAULT_MIN_LEN, 0, maxLen);
  const baseAddress = options.baseAddress ?? 0;
  if (!Number.isSafeInteger(baseAddress) || baseAddress < 0) {
    throw new InvalidInputError(`base address must be a non-negative integer below 2^53, got ${baseAddress}`);
  }
  if (options.dbsize !== undefined) checkInteger("dbsize", options.dbsize, 0, Number.MAX_SAFE_INTEGER);
  if (options.threads !== undefined) checkInteger("threads", options.threads, 1, 64);
  return {
    format,
    baseAddress,
    anonOnly: options.anonOnly ?? true,
    align,
    minLen,
    maxLen,
    content,
    runThreshold: checkInteger("run threshold", options.runThreshold ?? DEFAULT_RUN_THRESHOLD, 2, 1 << 20),
    chunkSize: checkInteger("chunk size", options.chunkSize ?? defaultChunkSize(maxLen, Boolean(options.stringsOutput)), 4096, 1 << 30),
  };
}

/**
 * The look-back re-reads memory, so chunks stay at least 32 times larger than it (16 times when every
 * string is also written out: a chunk's TSV text is held until its turn to be written, and half-size
 * chunks halve that memory at a cost the writing dwarfs).
 */
export function defaultChunkSize(maxLen: number, writesStrings = false): number {
  return writesStrings ? Math.max(DEFAULT_CHUNK_SIZE / 2, 16 * lookbackBytes(maxLen)) : Math.max(DEFAULT_CHUNK_SIZE, 32 * lookbackBytes(maxLen));
}

/**
 * Bytes before a chunk's first owned terminator that the chunk must also read: the longest header plus the
 * longest string, plus an EMBSTR robj (strings are owned by the chunk holding their terminator).
 */
export function lookbackBytes(maxLen: number): number {
  // Rounded to a page so that chunk data starts as aligned as its region (the scanner reads 8-byte words).
  const needed = Math.max(maxLen, 255) + HEADER_SIZES[4] + ROBJ_SIZE + 8;
  return Math.ceil(needed / 4096) * 4096;
}

/**
 * One unit of work: a slice of a region. A string belongs to the chunk holding its terminator, so every
 * string is found exactly once however the memory is cut; the chunk's bytes start `lookbackBytes` early
 * (never before its region) to see the headers of strings ending in it.
 */
export interface ChunkTask {
  index: number;
  kind: RegionKind;
  regionEnd: number;
  /** Addresses of the first and one-past-last terminator this chunk owns. */
  ownedStart: number;
  ownedEnd: number;
  /** Address of the chunk's first byte, and where that byte is in the source. */
  dataStart: number;
  sourceOffset: number;
}
