/**
 * Worker thread: opens the dump file itself (no bytes cross threads on the way in), scans the chunks it
 * is sent, posts back their results. Started through worker-boot.mjs, which compiles TypeScript.
 */
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { chunkReadBuffer, scanChunk } from "./chunk-collector";
import { readFileInto } from "./file-read";
import { signatureBlockBuffers } from "./signature-block";
import type { ChunkTask, ScanSettings } from "./types";
import { warmUp } from "./warm-up";
import { adoptScanModule } from "./wasm-sds-scanner";

export interface WorkerSetup {
  path: string;
  settings: ScanSettings;
  /** The scanner's WebAssembly module as compiled (and optimized) by the starting thread. */
  scanModule: WebAssembly.Module | null;
}

export type WorkerRequest = { type: "task"; task: ChunkTask } | { type: "stop" };

export type WorkerReply =
  | { type: "ready" }
  | { type: "result"; result: ReturnType<typeof scanChunk> }
  | { type: "error"; message: string; name: string; status?: number };

const port = parentPort!;
const setup = workerData as WorkerSetup;
if (setup.scanModule) adoptScanModule(setup.scanModule);
const fd = fs.openSync(setup.path, "r");

function readChunk(task: ChunkTask): Buffer {
  const length = task.ownedEnd - task.dataStart;
  const target = chunkReadBuffer(setup.settings, length);
  readFileInto(fd, target, task.sourceOffset, () => new Error(`${setup.path} shrank while being read`));
  return target;
}

port.on("message", (request: WorkerRequest) => {
  if (request.type === "stop") {
    fs.closeSync(fd);
    port.close();
    return;
  }
  try {
    const result = scanChunk(readChunk(request.task), request.task, setup.settings);
    const reply: WorkerReply = { type: "result", result };
    // Typed arrays are transferred, not copied.
    port.postMessage(reply, [...signatureBlockBuffers(result.signatures), ...(result.tsv ? [result.tsv.buffer as ArrayBuffer] : [])]);
  } catch (error) {
    const failure = error as Error & { status?: number };
    const reply: WorkerReply = { type: "error", message: failure.message, name: failure.name, status: failure.status };
    port.postMessage(reply);
  }
});

// The WebAssembly scanner arrives compiled and optimized; only the JavaScript one needs warming up.
if (!setup.scanModule || setup.settings.align !== 8) warmUp(setup.settings);
port.postMessage({ type: "ready" } satisfies WorkerReply);
