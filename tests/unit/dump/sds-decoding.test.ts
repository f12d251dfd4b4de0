import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { analyzeDumpBuffer } from "@/lib/analyzers/dump";
import { analyzeWithStrings } from "@/tests/fixtures/dump/collect";
import { everyTypeImage, HEAP, StringLayout } from "@/tests/fixtures/dump/scenarios";
import { embstrBytes, MemoryImage, sdsBytes } from "@/tests/fixtures/dump/sds";

const raw = { format: "raw" as const, baseAddress: HEAP };

function image(size = 8192): MemoryImage {
  return new MemoryImage(HEAP, size);
}

describe("decoding SDS headers", () => {
  it("finds one string of every header type and an EMBSTR object, with exact fields", async () => {
    const layout = everyTypeImage();
    const { report, lines } = await analyzeWithStrings(layout.image.bytes, raw);
    expect(lines).toEqual(
      layout.placed.map((p) => ({ address: p.address, type: p.type, len: Buffer.byteLength(p.text), alloc: p.alloc, region: "raw", text: p.text })),
    );
    expect(report.strings.total).toBe(7);
    expect(report.strings.byType).toEqual({ sdshdr5: 1, sdshdr8: 2, sdshdr16: 1, sdshdr32: 1, sdshdr64: 1, embstr: 1 });
    expect(report.strings.byRegion).toEqual({ anon: 0, file: 0, raw: 7 });
    // EMBSTR is reported at its robj, 19 bytes before the characters.
    expect(lines.find((l) => l.type === "embstr")!.address).toBe(HEAP + 256);
  });

  it("does not take an sdshdr8 for EMBSTR unless the robj says so", async () => {
    const memory = image();
    const good = embstrBytes(memory.address + 64, "val-1");
    memory.put(64, good);
    const wrongPointer = embstrBytes(memory.address + 128, "val-2");
    wrongPointer.writeBigUInt64LE(BigInt(memory.address + 128 + 20), 8); // ptr must be robj + 19
    memory.put(128, wrongPointer);
    const wrongEncoding = embstrBytes(memory.address + 192, "val-3");
    wrongEncoding[0] = 0x00; // OBJ_ENCODING_RAW
    memory.put(192, wrongEncoding);
    const { lines } = await analyzeWithStrings(memory.bytes, raw);
    expect(lines.map((l) => [l.type, l.address - HEAP, l.text])).toEqual([
      ["embstr", 64, "val-1"],
      ["sdshdr8", 144, "val-2"],
      ["sdshdr8", 208, "val-3"],
    ]);
  });

  it("reports which alloc convention the dump shows", async () => {
    // "user:1000:name": 3 + 14 + 1 = 18 bytes, jemalloc class 32, so 6.2+ gives alloc 28.
    const layouts = Array.from({ length: 5 }, () => new StringLayout(image()));
    const [old, modern, redis7, grown, exact] = layouts;
    for (let i = 0; i < 10; i++) {
      const key = `user:${1000 + i}:name`;
      old.sds(i * 64, 1, key);
      modern.sds(i * 64, 1, key, 28);
      // 7.0: keys carry the usable size, values trimmed to size have alloc == len.
      redis7.sds(i * 64, 1, key, i % 2 ? 28 : undefined);
      // Strings grown by appends (alloc about twice len) say nothing about the version.
      grown.sds(i * 64, 1, key, i < 7 ? 40 : undefined);
      // 3 + 28 + 1 = 32 fills its class: alloc == len under either convention.
      exact.sds(i * 64, 1, `${key}:${"x".repeat(13)}`);
    }
    const reports = await Promise.all(layouts.map((l) => analyzeDumpBuffer(l.image.bytes, raw)));
    expect(reports.map((r) => r.allocConvention.style)).toEqual([
      "alloc==len (Redis ≤ 6.0 style)",
      "alloc>len (Redis ≥ 6.2 style)",
      "alloc>len (Redis ≥ 6.2 style)",
      "mixed",
      "unknown",
    ]);
    expect(reports[1].allocConvention).toMatchObject({ allocEqualsLen: 0, allocAboveLen: 10, equalShare: 0, usableSize: 10, grown: 0 });
    expect(reports[3].allocConvention).toMatchObject({ allocEqualsLen: 3, allocAboveLen: 7, usableSize: 0, grown: 7 });
    expect(reports[4].allocConvention).toMatchObject({ allocEqualsLen: 10, exactFit: 10 });
    const every = await analyzeDumpBuffer(everyTypeImage().image.bytes, raw);
    expect(every.allocConvention).toMatchObject({ allocEqualsLen: 4, allocAboveLen: 1, usableSize: 1 });
  });

  it("finds strings in freed memory, and only the new one where a freed slot was reused", async () => {
    const layout = new StringLayout(image());
    // Freed but not zeroed (jemalloc leaves the bytes): still a valid SDS string.
    layout.sds(0, 1, "deleted:key:000000000042:still:here");
    // A reused slot: a shorter key written over an 84-byte one; the old characters remain after its NUL.
    const old = `old:key:${"abcdefghij".repeat(7)}abcdef`;
    expect(old.length).toBe(84);
    layout.image.put(128, sdsBytes(1, old));
    const reused = layout.sds(128, 1, "new:key:0000000001");
    const { lines, report } = await analyzeWithStrings(layout.image.bytes, raw);
    expect(lines.map((l) => l.text)).toEqual(["deleted:key:000000000042:still:here", reused.text]);
    expect(report.strings.total).toBe(2);
  });
});

describe("rejection rules", () => {
  async function rejected(bytes: Buffer, options = {}) {
    const report = await analyzeDumpBuffer(bytes, { ...raw, ...options });
    return { strings: report.strings.total, ...report.candidates.rejected };
  }

  it("rejects len > alloc, a missing terminator and a string running past the region", async () => {
    const lenAboveAlloc = image();
    lenAboveAlloc.put(64, Buffer.from([10, 5, 1, ...Buffer.from("abcdefghij"), 0]));
    expect(await rejected(lenAboveAlloc.bytes)).toMatchObject({ strings: 0, lenAboveAlloc: 1 });

    const noTerminator = image();
    noTerminator.put(64, Buffer.from([12, 12, 1, ...Buffer.from("abcdefghijkl"), 0x21]));
    expect(await rejected(noTerminator.bytes)).toMatchObject({ strings: 0, noTerminator: 1 });

    const edge = image(4096);
    edge.put(4096 - 24, Buffer.from([40, 40, 1, ...Buffer.from("the characters go past the end")]).subarray(0, 24));
    expect(await rejected(edge.bytes)).toMatchObject({ strings: 0, crossesRegionEnd: 1 });
  });

  it("takes an sdshdr5 flags byte for a candidate only before allowed characters (pointers are not counted)", async () => {
    const memory = image();
    // Aligned pointer words: the low byte has sdshdr5 type bits, the next bytes are not text.
    for (let at = 0; at < 512; at += 8) memory.put(at, Buffer.from([0x48, 0x9c, 0x3a, 0x7f, 0, 0, 0, 0]));
    // sdshdr5, len 9, allowed first characters but no terminator: counted.
    memory.put(1024, Buffer.from([9 << 3, ...Buffer.from("abcdefgabcd")]));
    // sdshdr5, len 4, allowed first two characters, a control character last: counted as content.
    memory.put(2048, Buffer.from([4 << 3, 0x61, 0x62, 0x63, 0x01, 0]));
    // len 1: only the first character has to be allowed.
    memory.put(3072, Buffer.from([1 << 3, 0x61, 0x62]));
    for (const engine of ["auto", "js"]) {
      process.env.CASEBOOK_DUMP_ENGINE = engine;
      try {
        const report = await analyzeDumpBuffer(memory.bytes, { ...raw, minLen: 1 });
        expect(report.candidates.rejected).toMatchObject({ noTerminator: 2, content: 1 });
        expect(report.candidates.examined).toBe(3);
      } finally {
        delete process.env.CASEBOOK_DUMP_ENGINE;
      }
    }
  });

  it("applies --min-len and --max-len", async () => {
    const memory = new StringLayout(image());
    memory.sds(0, 0, "abc");
    memory.sds(64, 2, "x".repeat(300));
    expect(await rejected(memory.image.bytes)).toMatchObject({ strings: 1, belowMinLen: 1, tooLong: 0 });
    expect(await rejected(memory.image.bytes, { minLen: 1, maxLen: 100 })).toMatchObject({ strings: 1, belowMinLen: 0, tooLong: 1 });
    expect(await rejected(memory.image.bytes, { minLen: 1 })).toMatchObject({ strings: 2 });
  });

  it("checks content by class: printable, utf8, any", async () => {
    const memory = new StringLayout(image());
    memory.sds(0, 1, "plain:key");
    memory.sds(64, 1, "line one\nline two");
    memory.sds(128, 1, "用户:1000");
    memory.image.put(192, sdsBytes(1, Buffer.from([0x62, 0x69, 0x6e, 0x01, 0x02, 0xff, 0x00, 0x7f])));
    memory.image.put(256, sdsBytes(1, Buffer.from([0x61, 0x62, 0xc3, 0x28, 0x63]))); // invalid UTF-8
    const byClass = async (content: "printable" | "utf8" | "any") =>
      (await analyzeWithStrings(memory.image.bytes, { ...raw, content })).lines.map((l) => l.text);
    expect(await byClass("printable")).toEqual(["plain:key"]);
    expect(await byClass("utf8")).toEqual(["plain:key", "line one\\nline two", "用户:1000"]);
    expect(await byClass("any")).toEqual([
      "plain:key",
      "line one\\nline two",
      "用户:1000",
      "bin\\x01\\x02\\xff\\x00\\x7f",
      "ab\\xc3(c",
    ]);
  });

  it("counts key-like strings: no whitespace or control characters, valid UTF-8 allowed", async () => {
    const memory = new StringLayout(image());
    memory.sds(0, 1, "user:1000");
    memory.sds(64, 1, "用户:1000");
    memory.sds(128, 1, "a value with spaces");
    const report = await analyzeDumpBuffer(memory.image.bytes, { ...raw, content: "utf8" });
    expect(report.strings).toMatchObject({ total: 3, keyLike: 2 });
    expect(report.patterns.top.map((p) => p.pattern).sort()).toEqual(["user:{n}", "用户:{n}"]);
  });
});

describe("alignment", () => {
  it("examines aligned header starts only, unless --align 1", async () => {
    const memory = new StringLayout(image());
    memory.sds(64, 1, "aligned:key:0001");
    memory.sds(131, 1, "unaligned:key:0002"); // header at +3
    const aligned = await analyzeWithStrings(memory.image.bytes, raw);
    expect(aligned.lines.map((l) => l.text)).toEqual(["aligned:key:0001"]);
    const any = await analyzeWithStrings(memory.image.bytes, { ...raw, align: 1 });
    expect(any.lines.map((l) => l.text)).toEqual(["aligned:key:0001", "unaligned:key:0002"]);
  });

  it("aligns an EMBSTR's allocation (its robj), not its header", async () => {
    const memory = image();
    memory.put(256, embstrBytes(memory.address + 256, "val-aligned")); // robj at 256 (32-aligned), header at 272
    memory.put(512 + 16, sdsBytes(1, "plain:at:16:mod:32")); // header 16 mod 32, no robj
    const { lines } = await analyzeWithStrings(memory.bytes, { ...raw, align: 32 });
    expect(lines.map((l) => [l.type, l.address - HEAP, l.text])).toEqual([["embstr", 256, "val-aligned"]]);
    const by16 = await analyzeWithStrings(memory.bytes, { ...raw, align: 16 });
    expect(by16.lines.map((l) => l.text)).toEqual(["val-aligned", "plain:at:16:mod:32"]);
  });

  it("reads addresses from --base, whatever their alignment in the buffer", async () => {
    const memory = new StringLayout(new MemoryImage(0x1000, 4096));
    memory.sds(64, 1, "based:key:0001");
    const shifted = Buffer.concat([Buffer.alloc(3), memory.image.bytes]);
    const { lines } = await analyzeWithStrings(shifted.subarray(3), { format: "raw", baseAddress: 0x1000 });
    expect(lines.map((l) => l.address)).toEqual([0x1000 + 64]);
  });
});

describe("the strings output", () => {
  it("fails the analysis, without crashing, when the output stream fails", async () => {
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error("no space left on device"));
      },
    });
    await expect(analyzeDumpBuffer(everyTypeImage().image.bytes, { ...raw, stringsOutput: failing })).rejects.toThrow("no space left on device");
  });
});
