/** Cutting the scanned regions into chunks, and scanning them in this thread. */
import { chunkReadBuffer, scanChunk } from "./chunk-collector";
import type { ChunkResult } from "./chunk-result";
import type { ByteSource, MemoryRegion } from "./input";
import { lookbackBytes, type ChunkTask, type ScanSettings } from "./types";

export function planChunks(regions: MemoryRegion[], chunkSize: number, maxLen: number): ChunkTask[] {
  const lookback = lookbackBytes(maxLen);
  const tasks: ChunkTask[] = [];
  for (const region of regions) {
    const regionEnd = region.address + region.size;
    for (let ownedStart = region.address; ownedStart < regionEnd; ownedStart += chunkSize) {
      const dataStart = Math.max(region.address, ownedStart - lookback);
      tasks.push({
        index: tasks.length,
        kind: region.kind,
        regionEnd,
        ownedStart,
        ownedEnd: Math.min(regionEnd, ownedStart + chunkSize),
        dataStart,
        sourceOffset: region.offset + (dataStart - region.address),
      });
    }
  }
  return tasks;
}

/** Bytes a chunk reads (its lookback plus what it owns). */
export function chunkLength(task: ChunkTask): number {
  return task.ownedEnd - task.dataStart;
}

/**
 * Scans every chunk in order in this thread, handing each result to `onResult` (awaited, so a slow output
 * stream holds the scan back). Yields to the event loop between chunks so progress can be drawn.
 */
export async function scanChunksInThread(
  source: ByteSource,
  tasks: ChunkTask[],
  settings: ScanSettings,
  onResult: (result: ChunkResult) => void | Promise<void>,
): Promise<void> {
  for (const task of tasks) {
    // In-memory sources hand out views of their bytes; files are read into the scanner's buffer.
    const into = source.path ? chunkReadBuffer(settings, chunkLength(task)) : undefined;
    const data = source.read(task.sourceOffset, chunkLength(task), into);
    await onResult(scanChunk(data, task, settings));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
