import { describe, expect, it } from "vitest";
import { keyHashSlot, parseSlotList } from "@/lib/analyzers/cluster-slots";
import { analyzeDumpBuffer, renderDumpReportMarkdown } from "@/lib/analyzers/dump";
import { buildCore } from "@/tests/fixtures/dump/elf-core";
import { foreignShare, HEAP, StringLayout, workedExampleCore } from "@/tests/fixtures/dump/scenarios";
import { MemoryImage } from "@/tests/fixtures/dump/sds";

describe("the worked example: leaked 84-byte keys at stride 96", () => {
  const { core, keys, runStart } = workedExampleCore(3000);
  const slots = parseSlotList("0-1000");

  it("says so in the verdict: counts, ownership share, contiguous runs, conclusion", async () => {
    const report = await analyzeDumpBuffer(core, { slots, dbsize: 120 });
    const share = foreignShare(keys, [[0, 1000]]);
    expect(share).toBeGreaterThan(0.9);
    expect(report.strings).toMatchObject({ total: 3002, keyLike: 3002 });
    expect(report.verdict.conclusion).toBe("leak-suspected");
    expect(report.verdict.summary).toMatch(/^3 k key-like strings vs 120 keys; 9\d % hash to slots this node does not own; \d+ % in 1 contiguous run at stride 96 — consistent with leaked key copies/);
    expect(report.ownership).toMatchObject({ ownedSlots: 1001, keyLikeHashed: 3002 });
    const heapForeign = ["config", "user:1000:followers"].filter((k) => keyHashSlot(k) > 1000).length;
    expect(report.ownership!.foreign).toBe(Math.round(share * 3000) + heapForeign);
    expect(report.keyCount).toEqual({ dbsize: 120, keyLikeStrings: 3002, ratio: 3002 / 120 });
  });

  it("shows the fingerprint: signature 54 54 01, one run of 3000 at stride 96, the key pattern", async () => {
    const report = await analyzeDumpBuffer(core, { slots });
    expect(report.signatures.top[0]).toMatchObject({ type: "sdshdr8", len: 84, alloc: 84, count: 3000, sampleAddress: `0x${runStart.toString(16)}` });
    expect(report.signatures.top[0].sampleHex).toMatch(/^54 54 01 6d 69 67 72 61 74 69 6e …$/);
    expect(report.runs).toMatchObject({ runs: 1, stringsInRuns: 3000 });
    expect(report.runs.groups[0]).toEqual({ type: "sdshdr8", len: 84, alloc: 84, stride: 96, runs: 1, strings: 3000 });
    expect(report.runs.longest[0]).toMatchObject({ start: `0x${runStart.toString(16)}`, end: `0x${(runStart + 2999 * 96).toString(16)}`, count: 3000 });
    expect(report.patterns.top[0]).toMatchObject({ pattern: `migrating:slot:{n}:user:{n}:profile:${"p".repeat(41)}`, count: 3000 });
    expect(report.patterns.top[0].foreignShare).toBeCloseTo(foreignShare(keys, [[0, 1000]]), 10);
    expect(report.patterns.top[0].samples).toEqual(keys.slice(0, 3));
    expect(report.allocConvention.style).toBe("alloc==len (Redis ≤ 6.0 style)");
  });

  it("is plain JSON and renders as Markdown", async () => {
    const report = await analyzeDumpBuffer(core, { slots, dbsize: 120 });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const markdown = renderDumpReportMarkdown(report);
    expect(markdown.split("\n")[2]).toBe(`**Verdict:** ${report.verdict.summary}`);
    for (const heading of ["## Input", "## Strings", "## Candidates", "## Top header signatures", "## Contiguous runs", "## Key patterns", "## Cluster slot ownership", "## Strings vs keys"]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain("`54 54 01 6d 69 67 72 61 74 69 6e …`");
    expect(markdown).toContain("| anon | 2 |");
    expect(markdown).toContain("| file | 1 | 16 KiB | no |");
  });
});

describe("other verdicts", () => {
  function keyspace(count: number): Buffer {
    const layout = new StringLayout(new MemoryImage(HEAP, 256 * 1024));
    for (let i = 0; i < count; i++) layout.sds(i * 48 + (i % 3) * 8, 1, `order:${i}`);
    return buildCore([{ vaddr: HEAP, data: layout.image.bytes }]);
  }

  it("finds no excess when strings match the keys the node holds", async () => {
    const report = await analyzeDumpBuffer(keyspace(500), { slots: parseSlotList("0-16383"), dbsize: 450 });
    expect(report.verdict.conclusion).toBe("no-excess");
    expect(report.verdict.summary).toMatch(/no excess of key strings/);
  });

  it("is inconclusive without DBSIZE and slots, and says what is missing", async () => {
    const report = await analyzeDumpBuffer(keyspace(500));
    expect(report.verdict.conclusion).toBe("inconclusive");
    expect(report.verdict.summary).toMatch(/inconclusive without --dbsize and the node's slots/);
    expect(report.ownership).toBeNull();
    expect(report.patterns.top[0].foreignShare).toBeUndefined();
  });

  it("says when nothing was found", async () => {
    const report = await analyzeDumpBuffer(Buffer.alloc(65536), { format: "raw" });
    expect(report.verdict.conclusion).toBe("nothing-found");
    expect(report.verdict.summary).toMatch(/^No SDS strings found/);
    expect(renderDumpReportMarkdown(report)).toContain("**Verdict:** No SDS strings found");
  });
});
