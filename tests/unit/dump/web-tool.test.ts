/** What the web tool computes outside React: the charts' geometry, its query string and the CLI command it offers. */
import { describe, expect, it } from "vitest";
import { analyzeDumpBuffer } from "@/lib/analyzers/dump";
import { dumpChart } from "@/lib/analyzers/dump/chart";
import { dumpCliCommand, dumpQueryString } from "@/lib/analyze/dump-cli-command";
import { MemoryImage } from "@/tests/fixtures/dump/sds";

const BASE = 0x7f1200000000;

/** Two runs of leaked keys (10 at stride 96, then 20 at stride 96 after a 4 KiB gap) and one lone string. */
async function twoRunReport() {
  const image = new MemoryImage(BASE, 16384);
  for (let n = 0; n < 10; n++) image.sds(n * 96, 1, `leak:${String(n).padStart(4, "0")}:${"x".repeat(70)}`);
  for (let n = 0; n < 20; n++) image.sds(4096 + 960 + n * 96, 1, `leak:${String(n).padStart(4, "0")}:${"x".repeat(70)}`);
  image.sds(15000, 0, "lonely:key");
  return analyzeDumpBuffer(image.bytes, { format: "raw", baseAddress: BASE, align: 8 });
}

describe("dump report charts", () => {
  it("scales signature bars to the largest count and marks signatures that form runs", async () => {
    const { bars } = dumpChart(await twoRunReport());
    expect(bars).toEqual([
      { label: "sdshdr8 len 80 alloc 80", count: 30, width: 1, inRuns: true },
      { label: "sdshdr5 len 10 alloc 10", count: 1, width: 1 / 30, inRuns: false },
    ]);
  });

  it("places runs along the address span they cover, in address order", async () => {
    const { runs, axis } = dumpChart(await twoRunReport());
    const span = 4096 + 960 + 20 * 96;
    expect(axis).toEqual({ from: `0x${BASE.toString(16)}`, to: `0x${(BASE + span).toString(16)}` });
    expect(runs.map((run) => [run.count, run.x, run.width])).toEqual([
      [10, 0, 960 / span],
      [20, (4096 + 960) / span, (20 * 96) / span],
    ]);
  });

  it("has no layout without runs", async () => {
    const image = new MemoryImage(BASE, 4096);
    image.sds(0, 0, "user:1");
    const chart = dumpChart(await analyzeDumpBuffer(image.bytes, { format: "raw" }));
    expect(chart.runs).toEqual([]);
    expect(chart.axis).toBeNull();
    expect(chart.bars).toHaveLength(1);
  });
});

describe("the dump form as query and as CLI command", () => {
  it("sends only the filled options, and the incident to attach to", () => {
    expect(dumpQueryString({})).toBe("");
    expect(dumpQueryString({ format: "auto", minLen: " 8 ", slots: "", dbsize: "16000" }, { slug: "cache-oom", title: "core #3" })).toBe(
      "?format=auto&minLen=8&dbsize=16000&attach=cache-oom&title=core+%233",
    );
  });

  it("spells the chosen options as the CLI's flags, quoting what the shell would split", () => {
    expect(dumpCliCommand("core.1234", {})).toBe("casebook dump analyze core.1234");
    expect(
      dumpCliCommand("my core.bin", { format: "elf", base: "0x7f00", anonOnly: "false", align: "16", minLen: "8", content: "utf8", slots: "0-5460, 10923", dbsize: "16000" }, { attach: "redis-slot-migration-leak", server: "http://127.0.0.1:3000" }),
    ).toBe(
      "casebook dump analyze 'my core.bin' --format elf --base 0x7f00 --all-regions --align 16 --min-len 8 --content utf8 --slots 0-5460,10923 --dbsize 16000 --attach redis-slot-migration-leak --server http://127.0.0.1:3000",
    );
    expect(dumpCliCommand("core", { clusterNodes: "abc 10.0.0.1:6379@16379 myself,master - 0 0 1 connected 0-5460\n", node: "abc" })).toBe(
      "casebook dump analyze core --cluster-nodes cluster-nodes.txt --node abc",
    );
    expect(dumpCliCommand("it's", { format: "auto", content: "printable", anonOnly: "true" })).toBe("casebook dump analyze 'it'\\''s'");
  });
});
