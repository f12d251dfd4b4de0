import { describe, expect, it } from "vitest";
import { windowTimeline } from "@/lib/view/timeline";

const day = (date: string, count: number, start: number) => ({ dayNumber: 1, date, items: Array.from({ length: count }, (_, i) => start + i) });

describe("windowTimeline", () => {
  const days = [day("2024-01-01", 120, 0), day("2024-01-02", 60, 120), day("2024-01-03", 20, 180)];
  const window = { threshold: 150, head: 50, tail: 50 };

  it("keeps short timelines whole", () => {
    expect(windowTimeline([day("2024-01-01", 150, 0)], false, window)).toMatchObject({ hidden: 0, after: [] });
  });

  it("keeps the first and last entries of long timelines, splitting days where needed", () => {
    const result = windowTimeline(days, false, window);
    expect(result.hidden).toBe(100);
    expect(result.before.map((d) => [d.date, d.items[0], d.items.at(-1)])).toEqual([["2024-01-01", 0, 49]]);
    expect(result.after.map((d) => [d.date, d.items[0], d.items.at(-1)])).toEqual([
      ["2024-01-02", 150, 179],
      ["2024-01-03", 180, 199],
    ]);
  });

  it("shows everything on request", () => {
    expect(windowTimeline(days, true, window)).toMatchObject({ hidden: 0, before: days });
  });
});
