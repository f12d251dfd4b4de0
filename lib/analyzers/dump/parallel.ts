/**
 * Scans a file's chunks on `threads` threads — this one plus `threads - 1` workers — and delivers results
 * strictly in chunk order (the report and the TSV output must not depend on which thread finished
 * first). This thread starts scanning at once, while the workers boot, so their start-up costs little.
 * Chunks are handed out on demand, and no more than a few run ahead of the oldest undelivered one,
 * which bounds memory.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { chunkReadBuffer, scanChunk } from "./chunk-collector";
import type { ChunkResult } from "./chunk-result";
import { chunkLength } from "./chunks";
import type { ByteSource } from "./input";
import type { ChunkTask, ScanSettings } from "./types";
import { scanModule } from "./wasm-sds-scanner";
import type { WorkerReply, WorkerRequest, WorkerSetup } from "./worker";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BOOT_SCRIPT = path.join(HERE, "worker-boot.mjs");
/** Chunks sent to a worker before it answers: this thread refills the queue only between its own chunks. */
const PER_WORKER_IN_FLIGHT = 4;
/** Chunks this thread may scan beyond the oldest undelivered one when results carry no TSV text. */
const MAX_AHEAD_WITHOUT_TSV = 64;

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: { text: string }[] }>;
}

let workerScript: Promise<string | null> | null = null;

function sourceHash(): string {
  const sources = fs.readdirSync(HERE).filter((name) => name.endsWith(".ts")).map((name) => path.join(HERE, name));
  sources.push(path.join(HERE, "..", "cluster-slots.ts"), path.join(HERE, "..", "..", "errors.ts"));
  const hash = createHash("sha256");
  for (const source of sources.sort()) hash.update(source).update(fs.readFileSync(source));
  return hash.digest("hex").slice(0, 16);
}

function cachedScriptPath(): string {
  return path.join(os.tmpdir(), `casebook-dump-worker-${sourceHash()}.cjs`);
}

/** The cached bundle if it exists, checked synchronously so workers can start before any await. */
function existingWorkerScript(): string | null {
  try {
    const cached = cachedScriptPath();
    return fs.existsSync(cached) ? cached : null;
  } catch {
    return null;
  }
}

/**
 * Path of the worker as one CommonJS file, bundled with esbuild (tsx's compiler, present wherever the CLI
 * runs) and cached in the temp directory under a hash of the sources. Compiling TypeScript inside each
 * worker through tsx costs about a second; a bundle starts in milliseconds. Null when esbuild cannot be
 * loaded: workers then boot through tsx.
 */
function bundledWorkerScript(): Promise<string | null> {
  workerScript ??= (async () => {
    try {
      const cached = cachedScriptPath();
      if (fs.existsSync(cached)) return cached;
      const esbuild = createRequire(import.meta.url)("esbuild") as Esbuild;
      const result = await esbuild.build({
        entryPoints: [path.join(HERE, "worker.ts")],
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        write: false,
        logLevel: "silent",
      });
      const text = result.outputFiles?.[0]?.text;
      if (!text) return null;
      // Written under a unique name, then renamed: concurrent runs never see a half-written file.
      const partial = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(partial, text);
      fs.renameSync(partial, cached);
      // Bundles of earlier versions of the sources are of no further use.
      for (const name of fs.readdirSync(os.tmpdir())) {
        const stale = path.join(os.tmpdir(), name);
        if (name.startsWith("casebook-dump-worker-") && name.endsWith(".cjs") && stale !== cached) fs.rmSync(stale, { force: true });
      }
      return cached;
    } catch {
      return null;
    }
  })();
  return workerScript;
}

export interface ParallelStats {
  workerChunks: number;
  mainChunks: number;
  /** Workers that failed before they were ready (their share was scanned by this thread). */
  workersLost: number;
}

export async function scanChunksInParallel(
  source: ByteSource & { path: string },
  tasks: ChunkTask[],
  settings: ScanSettings,
  threads: number,
  onResult: (result: ChunkResult) => void | Promise<void>,
  /** false: only workers scan (`threads` of them), this thread just delivers. */
  mainThreadScans = true,
): Promise<ParallelStats> {
  const stats: ParallelStats = { workerChunks: 0, mainChunks: 0, workersLost: 0 };
  if (tasks.length === 0) return stats;
  const workerCount = mainThreadScans ? Math.max(0, Math.min(threads, tasks.length) - 1) : Math.max(1, threads);
  // Results wait for delivery in chunk order, so a thread that falls behind (a worker still starting, a
  // slow chunk) would stall the other at a small window. Without TSV lines results are small: let this
  // thread run far ahead; with them, a waiting result holds a chunk's worth of text.
  const maxAhead = settings.writeTsv ? workerCount + 2 : MAX_AHEAD_WITHOUT_TSV;
  const setup: WorkerSetup = { path: source.path, settings, scanModule: scanModule() };
  const workers: Worker[] = [];
  const inFlight = new Map<Worker, number>();
  const waiting = new Map<number, ChunkResult>();
  let nextTask = 0;
  let nextDelivery = 0;
  let failure: Error | null = null;
  /** Workers that died before they were ready; when none is left, this thread scans whatever the setting. */
  let lostWorkers = 0;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };

  // Near the end a worker holds at most its share of what is left: chunks queued to it would otherwise
  // leave this thread idle while it works through them.
  const queueLimit = () => Math.min(PER_WORKER_IN_FLIGHT, Math.max(1, Math.ceil((tasks.length - nextTask) / (workers.length + 1))));
  const dispatch = () => {
    for (const worker of workers) {
      while (nextTask < tasks.length && nextTask - nextDelivery < maxAhead && (inFlight.get(worker) ?? 0) < queueLimit()) {
        inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
        worker.postMessage({ type: "task", task: tasks[nextTask++] } satisfies WorkerRequest);
      }
    }
  };

  const startWorkers = async () => {
    if (workerCount === 0) return;
    // Synchronously when the bundle is cached: this thread is about to scan for a while without yielding.
    const script = existingWorkerScript() ?? (await bundledWorkerScript());
    for (let n = 0; n < workerCount && failure === null && nextTask < tasks.length; n++) {
      // The bundle is plain JavaScript: no need for a TypeScript loader this thread was started with
      // (`--import tsx` is inherited by default and costs a worker about 100 ms to start).
      const worker = script ? new Worker(script, { workerData: setup, execArgv: [] }) : new Worker(BOOT_SCRIPT, { workerData: setup });
      inFlight.set(worker, 0);
      worker.on("message", (reply: WorkerReply) => {
        if (reply.type === "ready") {
          workers.push(worker);
          dispatch();
          return;
        }
        if (reply.type === "error") {
          failure ??= new Error(`scanning failed in a worker: ${reply.message}`);
        } else {
          inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
          waiting.set(reply.result.index, reply.result);
          stats.workerChunks++;
        }
        notify();
      });
      worker.on("error", (error) => {
        // A worker that fails before it is ready is dropped: this thread scans its share instead.
        if (workers.includes(worker)) failure ??= new Error(`scan worker failed: ${error.message}`);
        notify();
      });
      worker.on("exit", (code) => {
        if (!workers.includes(worker)) lostWorkers++;
        // A worker that dies with chunks in flight would leave them undelivered forever.
        else if ((inFlight.get(worker) ?? 0) > 0) failure ??= new Error(`scan worker exited (code ${code}) with chunks unfinished`);
        notify();
      });
    }
  };

  const booting = startWorkers().catch((error: Error) => {
    failure ??= error;
  });
  try {
    while (nextDelivery < tasks.length) {
      if (failure) throw failure;
      while (waiting.has(nextDelivery)) {
        const result = waiting.get(nextDelivery)!;
        waiting.delete(nextDelivery);
        nextDelivery++;
        await onResult(result);
      }
      if (nextDelivery >= tasks.length) break;
      dispatch();
      const mainScans = mainThreadScans || lostWorkers >= workerCount;
      if (mainScans && nextTask < tasks.length && nextTask - nextDelivery < maxAhead) {
        // This thread scans too; afterwards it lets worker messages in before taking the next chunk.
        const task = tasks[nextTask++];
        const length = chunkLength(task);
        const data = source.read(task.sourceOffset, length, chunkReadBuffer(settings, length));
        waiting.set(task.index, scanChunk(data, task, settings));
        stats.mainChunks++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else if (!waiting.has(nextDelivery)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
    stats.workersLost = lostWorkers;
    return stats;
  } finally {
    await booting;
    await Promise.all(workers.map((worker) => worker.terminate()));
    for (const worker of inFlight.keys()) if (!workers.includes(worker)) await worker.terminate();
  }
}
