import { describe, expect, it } from "vitest";
import { diffLines, diffSnapshots } from "@/lib/domain";

describe("diffSnapshots", () => {
  it("lists changed fields and ignores bookkeeping", () => {
    const before = { title: "A", status: "investigating", version: 1, updatedAt: "x", tags: ["a"] };
    const after = { title: "B", status: "investigating", version: 2, updatedAt: "y", tags: ["a", "b"] };
    expect(diffSnapshots(before, after)).toEqual([
      { field: "tags", before: ["a"], after: ["a", "b"] },
      { field: "title", before: "A", after: "B" },
    ]);
  });

  it("treats a missing side as creation or deletion", () => {
    expect(diffSnapshots(null, { title: "New" })).toEqual([{ field: "title", before: null, after: "New" }]);
    expect(diffSnapshots({ title: "Old" }, null)).toEqual([{ field: "title", before: "Old", after: null }]);
  });

  it("adds a line diff for multi-line text", () => {
    const [change] = diffSnapshots({ body: "one\ntwo\nthree" }, { body: "one\n2\nthree\nfour" });
    expect(change.lines).toEqual([
      { op: "same", text: "one" },
      { op: "remove", text: "two" },
      { op: "add", text: "2" },
      { op: "same", text: "three" },
      { op: "add", text: "four" },
    ]);
  });
});

describe("diffLines", () => {
  it("returns only additions from empty text", () => {
    expect(diffLines("", "a\nb")).toEqual([
      { op: "add", text: "a" },
      { op: "add", text: "b" },
    ]);
  });
});
