/**
 * Scans a file's chunks on worker threads and delivers the results strictly in chunk order (the report
 * and the TSV output must not depend on which thread finished first). Chunks are handed out on demand;
 * no more than a few chunks run ahead of the oldest undelivered one, which bounds memory.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { chunkLength } from "./chunks";
import type { ChunkResult } from "./chunk-collector";
import type { ChunkTask, ScanSettings } from "./types";
import type { WorkerReply, WorkerRequest, WorkerSetup } from "./worker";

const BOOT_URL = new URL("./worker-boot.mjs", import.meta.url);
const WORKER_ENTRY = new URL("./worker.ts", import.meta.url);

interface Esbuild {
  buildSync(options: Record<string, unknown>): { outputFiles?: { text: string }[] };
}

let workerScript: string | null | undefined;

/**
 * The worker as one CommonJS script, bundled once per process with esbuild (tsx's compiler, so present
 * wherever the CLI runs). Compiling TypeScript inside each worker through tsx costs about a second per
 * worker; a bundle starts in milliseconds. Null when esbuild cannot be loaded: workers then boot via tsx.
 */
function bundledWorkerScript(): string | null {
  if (workerScript !== undefined) return workerScript;
  try {
    const esbuild = createRequire(import.meta.url)("esbuild") as Esbuild;
    const result = esbuild.buildSync({
      entryPoints: [fileURLToPath(WORKER_ENTRY)],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      write: false,
      logLevel: "silent",
    });
    workerScript = result.outputFiles?.[0]?.text ?? null;
  } catch {
    workerScript = null;
  }
  return workerScript;
}

function startWorker(setup: WorkerSetup): Worker {
  const script = bundledWorkerScript();
  return script ? new Worker(script, { eval: true, workerData: setup }) : new Worker(BOOT_URL, { workerData: setup });
}
/** Chunks sent to a worker before it answers: one running, one waiting, so it never idles. */
const PER_WORKER_IN_FLIGHT = 2;

export async function scanChunksInWorkers(
  path: string,
  tasks: ChunkTask[],
  settings: ScanSettings,
  threads: number,
  onResult: (result: ChunkResult) => void | Promise<void>,
): Promise<void> {
  if (tasks.length === 0) return;
  const bufferSize = Math.max(...tasks.map(chunkLength));
  const workerCount = Math.min(threads, tasks.length);
  const maxAhead = workerCount * (PER_WORKER_IN_FLIGHT + 1);
  const setup: WorkerSetup = { path, settings, bufferSize };
  const workers: Worker[] = [];

  await new Promise<void>((resolve, reject) => {
    const inFlight = new Map<Worker, number>();
    const waiting = new Map<number, ChunkResult>();
    let nextTask = 0;
    let nextDelivery = 0;
    let delivering = false;
    let failed = false;

    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      reject(error);
    };

    const dispatch = () => {
      for (const worker of workers) {
        while (
          !failed &&
          nextTask < tasks.length &&
          nextTask - nextDelivery < maxAhead &&
          (inFlight.get(worker) ?? 0) < PER_WORKER_IN_FLIGHT
        ) {
          inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
          worker.postMessage({ type: "task", task: tasks[nextTask++] } satisfies WorkerRequest);
        }
      }
    };

    const deliver = async () => {
      if (delivering) return;
      delivering = true;
      try {
        while (!failed && waiting.has(nextDelivery)) {
          const result = waiting.get(nextDelivery)!;
          waiting.delete(nextDelivery);
          nextDelivery++;
          await onResult(result);
          dispatch();
        }
        if (!failed && nextDelivery === tasks.length) resolve();
      } catch (error) {
        fail(error as Error);
      } finally {
        delivering = false;
      }
    };

    for (let n = 0; n < workerCount; n++) {
      const worker = startWorker(setup);
      workers.push(worker);
      inFlight.set(worker, 0);
      worker.on("message", (reply: WorkerReply) => {
        if (reply.type === "ready") return;
        if (reply.type === "error") {
          fail(new Error(`scanning failed in a worker: ${reply.message}`));
          return;
        }
        inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
        waiting.set(reply.result.index, reply.result);
        dispatch();
        void deliver();
      });
      worker.on("error", (error) => fail(new Error(`scan worker failed: ${error.message}`)));
      worker.on("exit", (code) => {
        if (code !== 0) fail(new Error(`scan worker exited with code ${code}`));
      });
    }
    dispatch();
  }).finally(async () => {
    await Promise.all(workers.map((worker) => worker.terminate()));
  });
}
