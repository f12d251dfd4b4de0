import { describe, expect, it } from "vitest";
import { filterItems, filterVocabulary, splitList } from "@/lib/checklists/select";
import { NotFoundError } from "@/lib/errors";
import { libraryItem, libraryLesson } from "./library-fixtures";

const LESSONS = [
  libraryLesson("allocation-release-cohesion", ["memory", "api-design"], [
    libraryItem("MEM-OWN-01", { tags: ["memory", "api-design"], appliesTo: { languages: ["c"] } }),
    libraryItem("MEM-OWN-02", { tags: ["memory", "api-design"], appliesTo: { languages: ["go"] } }),
  ]),
  libraryLesson("review-by-feature-not-only-diff", ["code-review", "backport"], [libraryItem("REV-FEAT-01", { tags: ["code-review", "backport"], lesson: "review-by-feature-not-only-diff" })]),
];
const codes = (filters: Parameters<typeof filterItems>[1]) => filterItems(LESSONS, filters).map((item) => item.code);

describe("filtering the library", () => {
  it("filters by tag, area and language; several words within one filter mean any of them", () => {
    expect(codes({})).toEqual(["MEM-OWN-01", "MEM-OWN-02", "REV-FEAT-01"]);
    expect(codes({ tags: ["backport"] })).toEqual(["REV-FEAT-01"]);
    expect(codes({ tags: ["backport", "api-design"] })).toEqual(["MEM-OWN-01", "MEM-OWN-02", "REV-FEAT-01"]);
    expect(codes({ areas: ["memory"] })).toEqual(["MEM-OWN-01", "MEM-OWN-02"]);
    expect(codes({ tags: ["c"] })).toEqual(["MEM-OWN-01"]);
  });

  it("keeps items for every language when filtering by language", () => {
    expect(codes({ languages: ["c"] })).toEqual(["MEM-OWN-01", "REV-FEAT-01"]);
    expect(codes({ languages: ["c"], areas: ["memory"] })).toEqual(["MEM-OWN-01"]);
  });

  it("rejects unknown words with the valid ones in the message", () => {
    expect(() => codes({ tags: ["memroy"] })).toThrow(NotFoundError);
    expect(() => codes({ tags: ["memroy"] })).toThrow('unknown tag "memroy"; valid tags: api-design, backport, c, code-review, go, memory');
    expect(() => codes({ areas: ["concurrency"] })).toThrow("unknown area \"concurrency\"; valid areas: memory, backport, api-design, code-review");
    expect(() => codes({ languages: ["rust", "zig"] })).toThrow('unknown languages "rust", "zig"; valid languages: c, go');
  });

  it("lists the filter words the library holds", () => {
    expect(filterVocabulary(LESSONS)).toEqual({ tags: ["api-design", "backport", "c", "code-review", "go", "memory"], areas: ["memory", "backport", "api-design", "code-review"], languages: ["c", "go"] });
  });

  it("reads comma lists and repeated parameters alike", () => {
    expect(splitList("memory, backport")).toEqual(["memory", "backport"]);
    expect(splitList(["memory", "backport,memory", " "])).toEqual(["memory", "backport"]);
    expect(splitList(undefined)).toEqual([]);
  });
});
