import { describe, expect, it } from "vitest";
import { RUN_ITEM_NUMBERS, RunItemBuilder, RunMerger, packRunItems, type OpenRunState } from "@/lib/analyzers/dump/runs";

/** Feeds addresses of one signature through chunks cut at `cuts` (indexes) and returns the merger. */
function mergeInChunks(addresses: number[], cuts: number[], threshold = 8): RunMerger {
  const merger = new RunMerger(threshold);
  let state: OpenRunState | null = null;
  const bounds = [0, ...cuts, addresses.length];
  for (let c = 0; c + 1 < bounds.length; c++) {
    const part = addresses.slice(bounds[c], bounds[c + 1]);
    if (part.length === 0) continue;
    const builder = new RunItemBuilder(threshold);
    part.forEach((a) => builder.add(a));
    const items = builder.finish();
    const packed = new Float64Array(items.length * RUN_ITEM_NUMBERS);
    packRunItems(items, packed, 0);
    state = merger.merge("sig", state, builder.first, builder.last, packed, 0, items.length);
  }
  if (state) merger.close("sig", state);
  return merger;
}

function summary(merger: RunMerger) {
  return { runs: merger.runs, strings: merger.stringsInRuns, top: merger.topRuns.map((r) => [r.start, r.count, r.stride]) };
}

describe("contiguous runs", () => {
  const runA = Array.from({ length: 20 }, (_, i) => 0x1000 + i * 96);
  const noise = [0x3000, 0x3017, 0x3100];
  const runB = Array.from({ length: 10 }, (_, i) => 0x4000 + i * 64);
  // runC starts at runB's last string with another stride: adjacent runs share that string.
  const runC = Array.from({ length: 9 }, (_, i) => runB[9] + (i + 1) * 128);
  const addresses = [...runA, ...noise, ...runB, ...runC];

  it("finds maximal blocks of a constant stride with at least `threshold` strings", () => {
    const merger = mergeInChunks(addresses, []);
    expect(summary(merger)).toEqual({
      runs: 3,
      strings: 20 + 10 + 9, // runB and runC share one string, counted once
      top: [
        [0x1000, 20, 96],
        [0x4000, 10, 64],
        [runB[9], 10, 128],
      ],
    });
  });

  it("gives the same result however the addresses are cut into chunks", () => {
    const whole = summary(mergeInChunks(addresses, []));
    for (let cut = 1; cut < addresses.length; cut++) expect(summary(mergeInChunks(addresses, [cut])), `cut at ${cut}`).toEqual(whole);
    for (let a = 1; a < addresses.length; a += 3) {
      for (let b = a + 1; b < addresses.length; b += 4) expect(summary(mergeInChunks(addresses, [a, b]))).toEqual(whole);
    }
    const singles = Array.from({ length: addresses.length - 1 }, (_, i) => i + 1);
    expect(summary(mergeInChunks(addresses, singles))).toEqual(whole);
  });

  it("needs `threshold` strings: seven at a constant stride are not a run", () => {
    expect(mergeInChunks(runA.slice(0, 7), []).runs).toBe(0);
    expect(mergeInChunks(runA.slice(0, 8), []).runs).toBe(1);
    expect(mergeInChunks(runA.slice(0, 7), [], 7).runs).toBe(1);
  });

  it("groups runs by signature and stride", () => {
    const merger = mergeInChunks(addresses, [5, 25]);
    const groups = merger.groups.sorted().map((g) => [g.stride, g.runs, g.count]);
    expect(groups).toEqual([
      [96, 1, 20],
      [64, 1, 10],
      [128, 1, 10],
    ]);
  });
});
