/**
 * The analysis pipeline, and its in-memory entry point (API uploads). Files on disk go through
 * analyze-file.ts, which adds worker threads: this module must not import them, or the web server's
 * bundler traces the worker's dynamic paths through the whole project.
 */
import os from "node:os";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { DumpAggregate } from "./aggregate";
import type { ChunkResult } from "./chunk-result";
import { planChunks, scanChunksInThread } from "./chunks";
import { bufferSource, planDump, type ByteSource } from "./input";
import { buildReport, type DumpReport } from "./report";
import { resolveOptions, type ChunkTask, type DumpAnalysisOptions, type ScanSettings } from "./types";

/** Files below this are scanned in-thread: starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 64 << 20;

export interface DumpProgress {
  /** Memory bytes scanned so far and in total (file-backed mappings skipped by anonOnly excluded). */
  scannedBytes: number;
  totalBytes: number;
}

export type ProgressListener = (progress: DumpProgress) => void;

/**
 * Writes the per-string TSV in chunk order with backpressure. The output's errors are caught for the whole
 * analysis (an unheard 'error' event would end the process) and fail it at the next write.
 */
class StringsWriter {
  private failure: Error | null = null;
  private readonly onError = (error: Error) => {
    this.failure ??= error;
  };

  constructor(private readonly output: Writable) {
    output.on("error", this.onError);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (bytes.length === 0 || this.output.write(bytes)) return;
    // Wait for the stream to drain, but fail instead of hanging if it errors or closes meanwhile; the
    // listener that did not fire is removed (they would pile up, one per wait).
    const waiting = new AbortController();
    try {
      await Promise.race([
        once(this.output, "drain", { signal: waiting.signal }),
        once(this.output, "close", { signal: waiting.signal }).then(() => {
          throw this.failure ?? new Error("the strings output was closed before all strings were written");
        }),
      ]);
    } finally {
      waiting.abort();
    }
  }

  /** After the last write: an error the stream reported meanwhile fails the analysis. */
  async check(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
  }

  release(): void {
    this.output.off("error", this.onError);
  }
}

/** Scans a file's chunks on several threads, delivering results in chunk order (see parallel.ts). */
export type ParallelScan = (
  source: ByteSource & { path: string },
  tasks: ChunkTask[],
  settings: ScanSettings,
  threads: number,
  onResult: (result: ChunkResult) => void | Promise<void>,
) => Promise<unknown>;

/** Runs the whole analysis; `parallelScan` (file input only) spreads large dumps over threads. */
export async function analyzeSource(
  source: ByteSource,
  options: DumpAnalysisOptions,
  onProgress: ProgressListener | undefined,
  parallelScan: ParallelScan | null,
): Promise<DumpReport> {
  let plan;
  let resolved;
  try {
    resolved = resolveOptions(options);
    plan = planDump(source, resolved);
  } catch (error) {
    source.close();
    throw error;
  }
  const writer = options.stringsOutput ? new StringsWriter(options.stringsOutput) : null;
  try {
    const tasks = planChunks(plan.scanned, resolved.chunkSize, resolved.maxLen);
    const settings: ScanSettings = {
      align: resolved.align,
      minLen: resolved.minLen,
      maxLen: resolved.maxLen,
      content: resolved.content,
      ownedSlots: options.slots?.owned ?? null,
      writeTsv: Boolean(options.stringsOutput),
      runThreshold: resolved.runThreshold,
    };
    const totals = new DumpAggregate(resolved.runThreshold);
    const totalBytes = plan.scanned.reduce((sum, region) => sum + region.size, 0);
    let scannedBytes = 0;
    const onResult = async (result: ChunkResult) => {
      totals.add(result);
      if (writer && result.tsv) await writer.write(result.tsv);
      scannedBytes += result.bytes;
      onProgress?.({ scannedBytes, totalBytes });
    };
    const threads = options.threads ?? (totalBytes >= PARALLEL_MIN_BYTES ? Math.min(2, os.availableParallelism()) : 1);
    const path = plan.source.path;
    if (parallelScan && path && threads > 1 && tasks.length > 1) {
      await parallelScan({ ...plan.source, path }, tasks, settings, threads, onResult);
    } else {
      await scanChunksInThread(plan.source, tasks, settings, onResult);
    }
    await writer?.check();
    return buildReport(plan, totals, resolved, options.slots ?? null, options.dbsize);
  } finally {
    writer?.release();
    plan.source.close();
    if (plan.source !== source) source.close();
  }
}

/** Analyzes a dump in memory: an ELF core, a raw dump or hexdump text (as bytes). Runs in this thread. */
export function analyzeDumpBuffer(buffer: Buffer, options: DumpAnalysisOptions = {}): Promise<DumpReport> {
  return analyzeSource(bufferSource(buffer), options, undefined, null);
}
