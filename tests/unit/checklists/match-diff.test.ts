import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseUnifiedDiff } from "@/lib/analyzers/diff-review/unified-diff";
import { describeEvidence, itemsForDiff, languagesOfPath } from "@/lib/checklists/match-diff";
import { libraryItem } from "./library-fixtures";

function diffOf(files: Record<string, string[]>): string {
  return Object.entries(files)
    .map(([file, added]) => [`diff --git a/${file} b/${file}`, `--- a/${file}`, `+++ b/${file}`, `@@ -1,1 +1,${added.length + 1} @@`, " context", ...added.map((line) => `+${line}`)].join("\n"))
    .join("\n")
    .concat("\n");
}

const codes = (diff: string, items: ReturnType<typeof libraryItem>[]) => itemsForDiff(items, parseUnifiedDiff(diff)).applied.map((applied) => applied.item.code);

describe("choosing checklist items for a diff", () => {
  const ALLOC = libraryItem("MEM-OWN-01", { appliesTo: { languages: ["c"], patterns: ["\\b(?:malloc|zmalloc|createStringObject)\\s*\\("] } });
  const BUILD = libraryItem("OBS-PROF-01", { severity: "medium", appliesTo: { paths: ["**/Makefile", "deps/jemalloc/**"] } });
  const GO = libraryItem("GO-CTX-01", { appliesTo: { languages: ["go"] } });
  const GENERAL = libraryItem("REV-FEAT-01", { severity: "low" });
  const YAML_RETENTION = libraryItem("OBS-RET-01", { severity: "medium", appliesTo: { paths: ["monitoring/**/*.{yml,yaml}"], patterns: ["retention"] } });
  const ALL = [GENERAL, ALLOC, BUILD, GO, YAML_RETENTION];

  it("selects by language and code pattern on changed lines, with evidence", () => {
    const result = itemsForDiff(ALL, parseUnifiedDiff(diffOf({ "src/db.c": ["    keys[j] = createStringObject(key, sdslen(key));"] })));
    expect(result.applied.map((applied) => applied.item.code)).toEqual(["MEM-OWN-01", "REV-FEAT-01"]);
    expect(describeEvidence(result.applied[0].evidence, (text) => `\`${text}\``)).toBe("`createStringObject(` in `src/db.c:2`");
    expect(result.applied[1].evidence).toEqual({ kind: "general" });
  });

  it("needs every rule to hold for the same file", () => {
    // A C file without allocation, and an allocation in a Python file: neither selects MEM-OWN-01.
    expect(codes(diffOf({ "src/db.c": ["return C_OK;"], "tools/gen.py": ["buf = malloc(10)"] }), [ALLOC])).toEqual([]);
    expect(codes(diffOf({ "monitoring/prometheus/rules.yaml": ["retention: 400d"] }), [YAML_RETENTION])).toEqual(["OBS-RET-01"]);
    expect(codes(diffOf({ "deploy/rules.yaml": ["retention: 400d"] }), [YAML_RETENTION])).toEqual([]);
    expect(codes(diffOf({ "monitoring/rules.yaml": ["scrape_interval: 15s"] }), [YAML_RETENTION])).toEqual([]);
  });

  it("selects by path globs, at any depth for `**`, and by language alone", () => {
    expect(codes(diffOf({ "deps/jemalloc/Makefile": ["CFLAGS += -O2"] }), [BUILD])).toEqual(["OBS-PROF-01"]);
    expect(codes(diffOf({ Makefile: ["all:"] }), [BUILD])).toEqual(["OBS-PROF-01"]);
    expect(codes(diffOf({ "src/Makefile.dep": ["x"] }), [BUILD])).toEqual([]);
    expect(codes(diffOf({ "cmd/server/main.go": ["func main() {}"] }), [GO, ALLOC])).toEqual(["GO-CTX-01"]);
  });

  it("orders the selected items by severity, keeping the library order within one severity", () => {
    const diff = diffOf({ "src/db.c": ["p = zmalloc(10);"], Makefile: ["x"], "main.go": ["x"] });
    expect(codes(diff, ALL)).toEqual(["MEM-OWN-01", "GO-CTX-01", "OBS-PROF-01", "REV-FEAT-01"]);
  });

  it("selects nothing, not even general items, for an empty diff", () => {
    expect(itemsForDiff(ALL, []).applied).toEqual([]);
  });

  it("matches removed lines too, and renamed files by their old path", () => {
    const removed = "diff --git a/src/a.c b/src/a.c\n--- a/src/a.c\n+++ b/src/a.c\n@@ -1,2 +1,1 @@\n-x = malloc(1);\n keep\n";
    expect(codes(removed, [ALLOC])).toEqual(["MEM-OWN-01"]);
    const renamed = "diff --git a/deps/jemalloc/x.mk b/vendor/x.mk\nsimilarity index 90%\nrename from deps/jemalloc/x.mk\nrename to vendor/x.mk\n--- a/deps/jemalloc/x.mk\n+++ b/vendor/x.mk\n@@ -1 +1 @@\n-a\n+b\n";
    expect(codes(renamed, [BUILD])).toEqual(["OBS-PROF-01"]);
  });

  it("bounds the work: caps scanned lines and stops at the time budget", () => {
    const lines = Array.from({ length: 50 }, (_, index) => `line ${index}`);
    const diff = parseUnifiedDiff(diffOf({ "src/db.c": [...lines, "p = zmalloc(1);"] }));
    const capped = itemsForDiff([ALLOC], diff, { maxLines: 10 });
    expect(capped.applied).toEqual([]);
    expect(capped.stats).toMatchObject({ changedLines: 51, scannedLines: 10, truncated: true });
    const timedOut = itemsForDiff([ALLOC], diff, { timeBudgetMs: -1 });
    expect(timedOut.applied).toEqual([]);
    expect(timedOut.stats.timedOut).toBe(true);
  });

  it("finds the worked example's allocation in the ownership fixture diff", () => {
    const diff = fs.readFileSync(path.resolve(__dirname, "../../fixtures/c/ownership/db-flip.diff"), "utf8");
    expect(codes(diff, [ALLOC])).toEqual(["MEM-OWN-01"]);
  });

  it("knows the languages of common file names", () => {
    expect(languagesOfPath("src/server.h")).toEqual(["c", "cpp"]);
    expect(languagesOfPath("deps/Makefile")).toEqual(["make"]);
    expect(languagesOfPath("web/app.tsx")).toEqual(["typescript"]);
    expect(languagesOfPath("README")).toEqual([]);
  });
});
