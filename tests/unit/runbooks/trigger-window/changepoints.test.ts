import { describe, expect, it } from "vitest";
import { analyzeTriggerWindow } from "@/lib/runbooks/trigger-window/analyze";
import { gaussian, MINUTE, seriesCsv, START } from "./synthetic";

const MB = 1024 * 1024;
const steps = (result: ReturnType<typeof analyzeTriggerWindow>) => result.changes.filter((change) => change.kind === "step");

describe("change-point detection", () => {
  it.each([1, 2, 3, 4, 5])("finds a single step at its exact index (seed %i)", (seed) => {
    const result = analyzeTriggerWindow(seriesCsv(300, (i) => 10 * MB + (i >= 137 ? 20 * MB : 0), 1 * MB, seed), "");
    expect(result.kind).toBe("step-growth");
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]).toMatchObject({ index: 137, kind: "step", direction: "up" });
    expect(result.changes[0].jump / MB).toBeCloseTo(20, 0);
    expect(result.suggestedFacts.symptoms).toEqual(["step-growth"]);
  });

  it.each([1, 2, 3, 4, 5])("sees no step on a steady slope with noise (seed %i)", (seed) => {
    const result = analyzeTriggerWindow(seriesCsv(300, (i) => 10 * MB + i * 0.2 * MB, 1 * MB, seed), "");
    expect(steps(result)).toEqual([]);
    expect(result.kind).toBe("slope-growth");
    expect(result.segments[0].slopePerHour / MB).toBeCloseTo(12, 0);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("sees nothing in pure noise (seed %i)", (seed) => {
    const result = analyzeTriggerWindow(seriesCsv(400, () => 50 * MB, 2 * MB, seed), "");
    expect(result.changes).toEqual([]);
    expect(result.kind).toBe("flat");
  });

  it("separates a step from the slope it sits on", () => {
    const result = analyzeTriggerWindow(seriesCsv(400, (i) => 10 * MB + i * 0.1 * MB + (i >= 250 ? 30 * MB : 0), 0.5 * MB, 9), "");
    expect(result.kind).toBe("step-and-slope");
    expect(steps(result).map((change) => change.index)).toEqual([250]);
    expect(result.suggestedFacts.symptoms).toEqual(["step-growth", "slope-growth"]);
  });

  it("finds two steps, and a drop at a restart", () => {
    const result = analyzeTriggerWindow(seriesCsv(500, (i) => 10 * MB + (i >= 100 ? 40 * MB : 0) + (i >= 300 ? 40 * MB : 0) - (i >= 420 ? 80 * MB : 0), 1 * MB, 4), "");
    expect(result.changes.map((change) => [change.index, change.kind, change.direction])).toEqual([
      [100, "step", "up"],
      [300, "step", "up"],
      [420, "step", "down"],
    ]);
  });

  it.each([1, 2, 3, 4])("sees no step in heavy-tailed noise or in noise that wanders (seed %i)", (seed) => {
    const next = gaussian(seed);
    const heavy = Array.from({ length: 400 }, (_, i) => `${(START + i * MINUTE) / 1000},${50 * MB + (i % 23 === seed ? 12 : 1) * MB * next()}`);
    expect(steps(analyzeTriggerWindow(heavy.join("\n"), ""))).toEqual([]);
    let level = 0;
    // AR(1) with φ = 0.9: neighbouring samples are correlated, as memory metrics are.
    const wander = Array.from({ length: 400 }, (_, i) => `${(START + i * MINUTE) / 1000},${50 * MB + (level = 0.9 * level + MB * next())}`);
    expect(steps(analyzeTriggerWindow(wander.join("\n"), ""))).toEqual([]);
  });

  it("ignores isolated spikes", () => {
    const spikes = new Set([50, 51, 180, 260]);
    const result = analyzeTriggerWindow(seriesCsv(300, (i) => 20 * MB + (spikes.has(i) ? 60 * MB : 0), 1 * MB, 11), "");
    expect(result.changes).toEqual([]);
    expect(result.series.spikesIgnored).toBeGreaterThanOrEqual(4);
  });

  it("finds where growth starts on a hockey stick, as a slope change", () => {
    const result = analyzeTriggerWindow(seriesCsv(300, (i) => 10 * MB + (i >= 200 ? (i - 200) * 0.5 * MB : 0), 0.3 * MB, 2), "");
    expect(result.kind).toBe("slope-growth");
    expect(steps(result)).toEqual([]);
    expect(result.changes).toHaveLength(1);
    expect(Math.abs(result.changes[0].index - 200)).toBeLessThanOrEqual(3);
  });

  it("places a step exactly on a long series detected on averaged points", () => {
    const result = analyzeTriggerWindow(seriesCsv(60_000, (i) => 10 * MB + (i >= 31_234 ? 200 * MB : 0), 2 * MB, 5), "");
    expect(result.series.detectedOn).toBe(2000);
    expect(result.changes.map((change) => [change.index, change.kind])).toEqual([[31_234, "step"]]);
  });

  it("handles a noise-free series", () => {
    const result = analyzeTriggerWindow(seriesCsv(50, (i) => (i >= 20 ? 200 : 100)), "");
    expect(result.changes.map((change) => [change.index, change.kind, change.jump])).toEqual([[20, "step", 100]]);
    expect(analyzeTriggerWindow(seriesCsv(50, () => 100), "").kind).toBe("flat");
  });
});

describe("periodic patterns", () => {
  it("reports a sawtooth as growth within segments with drops, never as steps up", () => {
    // Fill for 50 minutes, drop, repeat (a cache flush — or a leak hidden by restarts).
    const result = analyzeTriggerWindow(seriesCsv(300, (i) => 100 * MB + (i % 50) * 2 * MB, 0.2 * MB, 6), "");
    expect(result.kind).toBe("slope-growth");
    expect(result.changes.filter((change) => change.kind === "step").map((change) => [change.index, change.direction])).toEqual([
      [50, "down"],
      [100, "down"],
      [150, "down"],
      [200, "down"],
      [250, "down"],
    ]);
    expect(result.summary).toContain("5 drop(s) reset it");
  });
});
