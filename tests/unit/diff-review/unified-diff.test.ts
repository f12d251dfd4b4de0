import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { UnprocessableError } from "@/lib/errors";
import { parseUnifiedDiff } from "@/lib/analyzers/diff-review/unified-diff";
import { OWNERSHIP_FIXTURES } from "../../fixtures/git/ownership-repo";
import { TempRepo } from "../../fixtures/git/temp-repo";

let repo: TempRepo;
let gitDiff: string;

beforeAll(async () => {
  repo = await TempRepo.create("casebook-diff-parse-");
  await repo.commit("base", { "src/keep.c": "int a(void) {\n    return 1;\n}\n", "old name.txt": "x\n", "gone.txt": "bye\n", "logo.bin": "\0\x01\x02" });
  await repo.git(["mv", "old name.txt", "new name.txt"]);
  await repo.git(["rm", "-q", "gone.txt"]);
  await repo.commit("change", { "src/keep.c": "int a(void) {\n    return 2;\n}\n", "src/added.c": "int b(void);\n", "logo.bin": "\0\x03" });
  gitDiff = await repo.git(["diff", "-M", "HEAD~1", "HEAD"]);
});

afterAll(async () => {
  await repo?.cleanup();
});

describe("parseUnifiedDiff", () => {
  it("reads git diff output: statuses, renames with spaces, binary files, line numbers", () => {
    const files = parseUnifiedDiff(gitDiff);
    const byPath = Object.fromEntries(files.map((file) => [file.path, file]));
    expect(byPath["src/keep.c"].status).toBe("modified");
    expect(byPath["src/added.c"]).toMatchObject({ status: "added", oldPath: null });
    expect(byPath["gone.txt"]).toMatchObject({ status: "deleted", newPath: null });
    expect(byPath["new name.txt"]).toMatchObject({ status: "renamed", oldPath: "old name.txt" });
    expect(byPath["logo.bin"].binary).toBe(true);
    const hunk = byPath["src/keep.c"].hunks[0];
    expect(hunk.context).toBe("");
    expect(hunk.lines.filter((l) => l.kind !== " ").map((l) => [l.kind, l.text, l.oldLine ?? l.newLine])).toEqual([
      ["-", "    return 1;", 2],
      ["+", "    return 2;", 2],
    ]);
  });

  it("reads diff -u output with timestamps and strips the differing top directory", () => {
    const files = parseUnifiedDiff(readFileSync(path.join(OWNERSHIP_FIXTURES, "db-flip.diff"), "utf8"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: "src/db.c", oldPath: "src/db.c", status: "modified" });
    expect(files[0].hunks.length).toBeGreaterThan(1);
  });

  it("keeps the commit of each file in git log -p / diff-tree --stdin streams", () => {
    const stream = `commit ${"a".repeat(40)}\nAuthor: x\n\n    msg\n\n${gitDiff}\n${"b".repeat(40)}\n${gitDiff}`;
    const commits = parseUnifiedDiff(stream).map((file) => file.commit);
    expect(new Set(commits)).toEqual(new Set(["a".repeat(40), "b".repeat(40)]));
  });

  it("names the line that does not parse", () => {
    const text = "--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n";
    const error = (() => {
      try {
        parseUnifiedDiff(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).message).toMatch(/^diff line 6: diff ended inside the hunk starting at line 3/);
    expect(() => parseUnifiedDiff("--- a/x.c\n+++ b/x.c\n@@ -1,1 +1,1 @@\n-a\n+b\nstray text\n")).toThrow(/diff line 6: unexpected line outside a hunk/);
    expect(() => parseUnifiedDiff("--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n-a\n+b\n?garbage\n")).toThrow(/diff line 6: hunk starting at line 3 ended early/);
    expect(() => parseUnifiedDiff("--- a/x.c\n+++ b/x.c\n@@ -1,x +1 @@\n")).toThrow(/diff line 3: malformed hunk header/);
    expect(() => parseUnifiedDiff("diff --cc x.c\n--- a/x.c\n+++ b/x.c\n@@@ -1,1 -1,1 +1,1 @@@\n")).toThrow(/combined/);
    expect(() => parseUnifiedDiff("just some text\nand more\n")).toThrow(/diff line 1: no file header/);
    expect(() => parseUnifiedDiff("diff -u a b\nnonsense\n")).toThrow(/diff line 2/);
  });
});
