import { describe, expect, it } from "vitest";
import { DerivedViews } from "@/lib/view/memo";

describe("DerivedViews", () => {
  it("keeps a view of frozen parts until a dependency changes", () => {
    const views = new DerivedViews<number>();
    const entries = Object.freeze([1, 2, 3]);
    let computed = 0;
    const sum = (zone: string) => views.get(entries, [zone], () => (computed++, entries.reduce((a, b) => a + b, 0)));
    expect(sum("UTC")).toBe(6);
    expect(sum("UTC")).toBe(6);
    expect(computed).toBe(1);
    sum("Asia/Shanghai");
    expect(computed).toBe(2);
  });

  it("computes every time for parts that could change in place", () => {
    const views = new DerivedViews<number>();
    const entries = [1, 2, 3];
    const length = () => views.get(entries, [], () => entries.length);
    expect(length()).toBe(3);
    entries.push(4);
    expect(length()).toBe(4);
  });
});
