import { describe, expect, it } from "vitest";
import { analyzeDumpBuffer, analyzeDumpFile } from "@/lib/analyzers/dump";
import { elfRegions, parseElfCore } from "@/lib/analyzers/dump/elf";
import { UnprocessableError } from "@/lib/errors";
import { analyzeWithStrings } from "@/tests/fixtures/dump/collect";
import { buildCore, coreLayout } from "@/tests/fixtures/dump/elf-core";
import { ARENA, HEAP, LIBC, lookAlikeText, StringLayout, tempFile } from "@/tests/fixtures/dump/scenarios";
import { MemoryImage, sdsBytes } from "@/tests/fixtures/dump/sds";

function readerOf(core: Buffer) {
  return (offset: number, length: number) => core.subarray(offset, offset + length);
}

function heapWithKeys(count: number, address = HEAP): StringLayout {
  const layout = new StringLayout(new MemoryImage(address, 16 * 1024));
  for (let i = 0; i < count; i++) layout.sds(i * 64, 1, `order:${String(i).padStart(6, "0")}:state`);
  return layout;
}

describe("ELF cores", () => {
  it("walks PT_LOAD segments with their addresses and tells file mappings from anonymous memory", () => {
    const core = buildCore([
      { vaddr: HEAP, data: Buffer.alloc(8192) },
      { vaddr: LIBC, data: Buffer.alloc(4096), file: "/usr/lib/libc.so.6" },
      { vaddr: LIBC + 0x10000, data: Buffer.alloc(4096), file: "/usr/bin/redis-server", noData: true },
    ]);
    const layout = parseElfCore(readerOf(core), core.length);
    expect(layout.loads.map((l) => [l.vaddr, l.fileSize])).toEqual([
      [HEAP, 8192],
      [LIBC, 4096],
    ]);
    expect(layout.loadsWithoutData).toBe(1);
    expect(layout.fileMappings.map((m) => m.path)).toEqual(["/usr/lib/libc.so.6", "/usr/bin/redis-server"]);
    expect(elfRegions(layout).map((r) => [r.kind, r.address, r.size])).toEqual([
      ["anon", HEAP, 8192],
      ["file", LIBC, 4096],
    ]);
  });

  it("splits a segment that is only partly file-backed", () => {
    const core = buildCore([{ vaddr: ARENA, data: Buffer.alloc(3 * 4096) }]);
    const layout = parseElfCore(readerOf(core), core.length);
    layout.fileMappings.push({ start: ARENA + 4096, end: ARENA + 8192, path: "/dev/shm/x" });
    layout.hasFileNote = true;
    expect(elfRegions(layout).map((r) => [r.kind, r.address - ARENA, r.size])).toEqual([
      ["anon", 0, 4096],
      ["file", 4096, 4096],
      ["anon", 8192, 4096],
    ]);
  });

  it("scans anonymous memory only by default, so look-alike text in file mappings does not count", async () => {
    const heap = heapWithKeys(20);
    const core = buildCore([
      { vaddr: HEAP, data: heap.image.bytes },
      { vaddr: LIBC, data: lookAlikeText(32 * 1024), file: "/usr/lib/libc.so.6" },
    ]);
    const byDefault = await analyzeWithStrings(core);
    expect(byDefault.report.input.format).toBe("elf");
    expect(byDefault.lines.map((l) => l.text)).toEqual(heap.placed.map((p) => p.text));
    expect(byDefault.lines.every((l) => l.region === "anon")).toBe(true);
    expect(byDefault.report.input.skippedFileBackedBytes).toBe(32 * 1024);
    const explicit = await analyzeDumpBuffer(core, { anonOnly: true });
    expect(explicit.strings.total).toBe(20);
    // The sdshdr5 look-alikes are there: scanning the mapping (at any alignment) finds plenty.
    const everything = await analyzeDumpBuffer(core, { anonOnly: false, align: 1 });
    expect(everything.strings.byRegion.anon).toBe(20);
    expect(everything.strings.byRegion.file).toBeGreaterThan(50);
    expect(everything.strings.byType.sdshdr5).toBe(everything.strings.byRegion.file);
  });

  it("keeps sdshdr5 look-alikes in text well under 1 % with the defaults (anonymous memory, alignment 8)", async () => {
    // Text lives mostly in file mappings (libraries, .rodata); a little is copied to the heap.
    const heap = new StringLayout(new MemoryImage(HEAP, 1 << 20));
    for (let i = 0; i < 10000; i++) heap.sds(i * 96, 1, `sess:${String(i).padStart(7, "0")}:token:${"t".repeat(40)}`);
    heap.image.put(10000 * 96, lookAlikeText(8 * 1024));
    const core = buildCore([
      { vaddr: HEAP, data: heap.image.bytes },
      { vaddr: LIBC, data: lookAlikeText(256 * 1024), file: "/usr/lib/libc.so.6" },
    ]);
    const lookAlikeShare = (report: Awaited<ReturnType<typeof analyzeDumpBuffer>>) => (report.strings.total - 10000) / report.strings.total;
    const defaults = await analyzeDumpBuffer(core);
    expect(defaults.strings.total).toBeGreaterThan(10000);
    expect(lookAlikeShare(defaults)).toBeLessThan(0.005);
    // Each default matters: without either, look-alikes are a sizeable share.
    const allRegions = await analyzeDumpBuffer(core, { anonOnly: false });
    const unaligned = await analyzeDumpBuffer(core, { align: 1 });
    const neither = await analyzeDumpBuffer(core, { anonOnly: false, align: 1 });
    expect(lookAlikeShare(allRegions)).toBeGreaterThan(0.03);
    expect(lookAlikeShare(unaligned)).toBeGreaterThan(lookAlikeShare(defaults) * 4);
    expect(lookAlikeShare(neither)).toBeGreaterThan(0.2);
  });

  it("treats all memory as raw when there is no NT_FILE note, and says so", async () => {
    const heap = heapWithKeys(3);
    const core = buildCore([{ vaddr: HEAP, data: heap.image.bytes }], { withFileNote: false });
    const report = await analyzeDumpBuffer(core);
    expect(report.strings.byRegion).toEqual({ anon: 0, file: 0, raw: 3 });
    expect(report.input.warnings.join("\n")).toMatch(/no NT_FILE note/);
  });

  it("does not let a string run past its segment into the next one", async () => {
    // Two adjacent mappings: a header at the very end of the first, its characters in the second.
    const first = new MemoryImage(HEAP, 4096);
    first.put(4096 - 8, sdsBytes(1, "split:across:segments").subarray(0, 8));
    const second = new MemoryImage(HEAP + 0x100000, 4096);
    second.put(0, sdsBytes(1, "split:across:segments").subarray(8));
    second.put(1024, sdsBytes(1, "whole:key:1"));
    const core = buildCore([
      { vaddr: HEAP, data: first.bytes },
      { vaddr: HEAP + 0x100000, data: second.bytes },
    ]);
    const { report, lines } = await analyzeWithStrings(core);
    expect(lines.map((l) => l.text)).toEqual(["whole:key:1"]);
    expect(report.candidates.rejected.crossesRegionEnd).toBe(1);
  });

  it("rejects truncated, non-core, 32-bit and big-endian ELF files with one clear error", async () => {
    const core = buildCore([{ vaddr: HEAP, data: heapWithKeys(2).image.bytes }]);
    await expect(analyzeDumpBuffer(core.subarray(0, core.length - 100))).rejects.toThrow(/truncated: segment 1/);
    await expect(analyzeDumpBuffer(core.subarray(0, 40))).rejects.toThrow(/truncated/);
    await expect(analyzeDumpBuffer(core.subarray(0, 100))).rejects.toThrow(/program headers run past the end/);
    const executable = buildCore([{ vaddr: HEAP, data: Buffer.alloc(64) }], { elfType: 2 });
    await expect(analyzeDumpBuffer(executable)).rejects.toThrow(/executable, not a core dump/);
    const elf32 = Buffer.from(core);
    elf32[4] = 1;
    await expect(analyzeDumpBuffer(elf32)).rejects.toThrow(UnprocessableError);
    const bigEndian = Buffer.from(core);
    bigEndian[5] = 2;
    await expect(analyzeDumpBuffer(bigEndian)).rejects.toThrow(/little-endian/);
    // Forced to raw, an ELF file is just bytes.
    const asRaw = await analyzeDumpBuffer(executable, { format: "raw" });
    expect(asRaw.input.format).toBe("raw");
  });

  it("skips a segment whose address does not fit a JS number (the vsyscall page) with a warning", async () => {
    const core = buildCore([
      { vaddr: HEAP, data: heapWithKeys(2).image.bytes },
      { vaddr: 0x1000, data: Buffer.alloc(4096) },
    ]);
    // Patch the second segment's p_vaddr to 0xffffffffff600000.
    const layout = coreLayout([{ vaddr: HEAP, size: 16 * 1024 }, { vaddr: 0x1000, size: 4096 }]);
    expect(layout.head.readUInt32LE(64 + 2 * 56)).toBe(1);
    core.writeBigUInt64LE(0xffffffffff600000n, 64 + 2 * 56 + 16);
    const report = await analyzeDumpBuffer(core);
    expect(report.strings.total).toBe(2);
    expect(report.input.warnings.join("\n")).toMatch(/vsyscall/);
  });

  it("reads a core from a file the same way as from memory", async () => {
    const heap = heapWithKeys(30);
    const core = buildCore([
      { vaddr: HEAP, data: heap.image.bytes },
      { vaddr: LIBC, data: lookAlikeText(8192), file: "/usr/lib/libc.so.6" },
    ]);
    const { file, cleanup } = tempFile(core, "redis.core");
    try {
      const fromFile = await analyzeDumpFile(file);
      const fromMemory = await analyzeDumpBuffer(core);
      expect(fromFile).toEqual(fromMemory);
    } finally {
      cleanup();
    }
  });
});
