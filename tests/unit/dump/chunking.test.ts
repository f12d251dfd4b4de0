import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDumpBuffer, analyzeDumpFile, type DumpReport } from "@/lib/analyzers/dump";
import type { ChunkResult } from "@/lib/analyzers/dump/chunk-result";
import { planChunks, scanChunksInThread } from "@/lib/analyzers/dump/chunks";
import { fileSource, planDump } from "@/lib/analyzers/dump/input";
import { scanChunksInParallel } from "@/lib/analyzers/dump/parallel";
import { resolveOptions, type ScanSettings } from "@/lib/analyzers/dump/types";
import { analyzeWithStrings, CollectingWritable } from "@/tests/fixtures/dump/collect";
import { buildCore } from "@/tests/fixtures/dump/elf-core";
import { ARENA, HEAP, LIBC, lookAlikeText, StringLayout, tempFile } from "@/tests/fixtures/dump/scenarios";
import { MemoryImage, pseudoRandomBytes, type SdsType } from "@/tests/fixtures/dump/sds";

const CHUNK = 4096;

/**
 * One string per chunk edge, cycling through the ways a string can meet an edge, plus ordinary keys in
 * the middle of every chunk.
 */
function edgeStrings(): StringLayout {
  const layout = new StringLayout(new MemoryImage(HEAP, 17 * CHUNK));
  for (let n = 1; n <= 16; n++) {
    const edge = n * CHUNK;
    switch (n % 8) {
      case 0:
        layout.sds(edge - 72, 1, `nul:before:edge:${String(n).padStart(2, "0")}:`.padEnd(68, "a")); // NUL at edge - 1
        break;
      case 1:
        layout.sds(edge - 72, 1, `nul:on:edge:${String(n).padStart(2, "0")}:`.padEnd(69, "b")); // NUL exactly at the edge
        break;
      case 2:
        layout.sds(edge - 40, 1, `header:before:nul:after:${n}:`.padEnd(100, "c"));
        break;
      case 3:
        layout.sds(edge - 8, 0, `sdshdr5:across:${n}`.padEnd(20, "d"));
        break;
      case 4:
        layout.sds(edge - 1000, 2, `long:${n}:`.padEnd(3000, "e")); // ends deep in the next chunk
        break;
      case 5:
        layout.embstr(edge - 8, `embstr:${n}`); // robj before the edge, header after it
        break;
      case 6:
        layout.sds(edge - 8, 3, `sdshdr32:flags:on:edge:${n}`); // flags byte exactly at the edge
        break;
      case 7:
        layout.sds(edge - 16, 4, `sdshdr64:flags:on:edge:${n}`);
        break;
    }
    layout.sds(edge + 2048, 1, `middle:key:${n}`);
  }
  layout.placed.sort((a, b) => a.address - b.address);
  return layout;
}

function comparable(report: DumpReport) {
  // Rejection counts may differ by look-alikes at chunk edges; everything about strings may not.
  const { candidates: _candidates, ...rest } = report;
  void _candidates;
  return rest;
}

describe("chunked scanning", () => {
  it("finds a string that straddles a chunk edge exactly once", async () => {
    const layout = edgeStrings();
    const options = { format: "raw" as const, baseAddress: HEAP, maxLen: 4000 };
    const whole = await analyzeWithStrings(layout.image.bytes, options);
    const chunked = await analyzeWithStrings(layout.image.bytes, { ...options, chunkSize: CHUNK });
    const expected = layout.placed.map((p) => [p.address, p.type, p.text]);
    expect(whole.lines.map((l) => [l.address, l.type, l.text])).toEqual(expected);
    expect(chunked.lines.map((l) => [l.address, l.type, l.text])).toEqual(expected);
    expect(new Set(chunked.lines.map((l) => l.address)).size).toBe(chunked.lines.length);
    expect(comparable(chunked.report)).toEqual(comparable(whole.report));
  });

  it("gives the same report for any chunk size on mixed memory", async () => {
    const heap = new StringLayout(new MemoryImage(ARENA, 1 << 20));
    heap.image.put(0, pseudoRandomBytes(256 * 1024, 7));
    for (let i = 0; i < 3000; i++) heap.sds(256 * 1024 + i * 96, 1, `leak:${String(i).padStart(6, "0")}:${"k".repeat(73)}`);
    for (let i = 0; i < 2000; i++) heap.sds(600 * 1024 + i * 40, (i % 2) as SdsType, `k:${i}:v`);
    const core = buildCore([
      { vaddr: ARENA, data: heap.image.bytes },
      { vaddr: LIBC, data: lookAlikeText(64 * 1024), file: "/usr/lib/libc.so.6" },
    ]);
    const reference = await analyzeWithStrings(core);
    for (const chunkSize of [4096, 12288, 65536]) {
      const chunked = await analyzeWithStrings(core, { chunkSize });
      expect(chunked.tsv, `chunk size ${chunkSize}`).toBe(reference.tsv);
      expect(comparable(chunked.report)).toEqual(comparable(reference.report));
    }
    expect(reference.report.strings.total).toBeGreaterThanOrEqual(5000);
  });
});

describe("strings output", () => {
  it("waits for a slow output without leaving listeners behind", async () => {
    const { Writable } = await import("node:stream");
    const written: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _encoding, done) {
        written.push(Buffer.from(chunk));
        setImmediate(done);
      },
    });
    const before = { close: slow.listenerCount("close"), drain: slow.listenerCount("drain") };
    const layout = edgeStrings();
    const report = await analyzeDumpBuffer(layout.image.bytes, { chunkSize: CHUNK, stringsOutput: slow });
    expect(Buffer.concat(written).toString("utf8").split("\n").filter(Boolean)).toHaveLength(report.strings.total);
    expect({ close: slow.listenerCount("close"), drain: slow.listenerCount("drain") }).toEqual(before);
  });
});

describe("worker threads", () => {
  function bigCore(): Buffer {
    const arena = new StringLayout(new MemoryImage(ARENA, 8 << 20));
    arena.image.put(0, pseudoRandomBytes(2 << 20, 11));
    for (let i = 0; i < 40000; i++) arena.sds((2 << 20) + i * 96, 1, `leak:${String(i).padStart(8, "0")}:${"q".repeat(71)}`);
    for (let i = 0; i < 20000; i++) arena.sds((6 << 20) + i * 64, (i % 3 === 0 ? 0 : 1) as SdsType, `user:${i}:n`);
    return buildCore([{ vaddr: ARENA, data: arena.image.bytes }]);
  }

  it("scan chunks on workers with results equal to one thread's, in order", async () => {
    const { file, cleanup } = tempFile(bigCore(), "core");
    const source = fileSource(file);
    try {
      const options = resolveOptions({ chunkSize: 256 * 1024, maxLen: 4000 });
      const plan = planDump(source, options);
      const tasks = planChunks(plan.scanned, options.chunkSize, options.maxLen);
      const settings: ScanSettings = { align: 8, minLen: 4, maxLen: options.maxLen, content: "printable", ownedSlots: new Uint8Array(16384).fill(1, 0, 8000), writeTsv: true, runThreshold: 8 };
      const single: ChunkResult[] = [];
      await scanChunksInThread(source, tasks, settings, (r) => void single.push(r));
      const parallel: ChunkResult[] = [];
      const stats = await scanChunksInParallel({ ...source, path: file }, tasks, settings, 2, (r) => void parallel.push(r), false);
      expect(tasks.length).toBeGreaterThan(20);
      expect(stats).toEqual({ workerChunks: tasks.length, mainChunks: 0, workersLost: 0 });
      expect(parallel.map((r) => r.index)).toEqual(tasks.map((t) => t.index));
      // TSV bytes compared as buffers (element-wise deep equality of megabytes is slow), the rest deeply.
      parallel.forEach((result, i) => expect(Buffer.from(result.tsv!).equals(Buffer.from(single[i].tsv!))).toBe(true));
      const withoutTsv = (results: ChunkResult[]) => results.map((r) => ({ ...r, tsv: null }));
      expect(withoutTsv(parallel)).toEqual(withoutTsv(single));
      expect(single.reduce((sum, r) => sum + r.accepted, 0)).toBe(60000);
    } finally {
      source.close();
      cleanup();
    }
  });

  it("give the same report and strings output as one thread", async () => {
    const { file, cleanup } = tempFile(bigCore(), "core");
    try {
      const one = new CollectingWritable();
      const two = new CollectingWritable();
      const single = await analyzeDumpFile(file, { threads: 1, chunkSize: 128 * 1024, maxLen: 4000, stringsOutput: one });
      const parallel = await analyzeDumpFile(file, { threads: 2, chunkSize: 128 * 1024, maxLen: 4000, stringsOutput: two });
      expect(parallel).toEqual(single);
      expect(two.text()).toBe(one.text());
      expect(single.strings.total).toBe(60000);
      expect(await analyzeDumpBuffer(bigCore(), { chunkSize: 128 * 1024, maxLen: 4000 })).toEqual(single);
    } finally {
      cleanup();
    }
  });

  it("boot through tsx when no bundle can be made (the fallback path)", async () => {
    const { Worker } = await import("node:worker_threads");
    const boot = path.resolve(__dirname, "../../../lib/analyzers/dump/worker-boot.mjs");
    const settings: ScanSettings = { align: 8, minLen: 4, maxLen: 4000, content: "printable", ownedSlots: null, writeTsv: false, runThreshold: 8 };
    const worker = new Worker(boot, { workerData: { path: boot, settings, bufferSize: 64 } });
    try {
      const first = await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      expect(first).toEqual({ type: "ready" });
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
