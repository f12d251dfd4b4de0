/** Entry point for dumps on disk (CLI, benchmark): streamed chunk by chunk, large files on worker threads. */
import { analyzeSource, type ProgressListener } from "./analyze";
import { fileSource } from "./input";
import { scanChunksInParallel } from "./parallel";
import type { DumpReport } from "./report";
import type { DumpAnalysisOptions } from "./types";

/** Analyzes a dump file, streaming it chunk by chunk; large files use worker threads. */
export function analyzeDumpFile(path: string, options: DumpAnalysisOptions = {}, onProgress?: ProgressListener): Promise<DumpReport> {
  return analyzeSource(fileSource(path), options, onProgress, scanChunksInParallel);
}
