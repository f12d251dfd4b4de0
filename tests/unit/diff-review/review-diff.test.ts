import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { InvalidInputError, UnprocessableError } from "@/lib/errors";
import { reviewDiff } from "@/lib/analyzers/diff-review/review";
import { buildOwnershipRepo, OWNERSHIP_FIXTURES } from "../../fixtures/git/ownership-repo";
import type { TempRepo } from "../../fixtures/git/temp-repo";

let repo: TempRepo;
const diffs: Record<string, string> = {};

beforeAll(async () => {
  repo = await buildOwnershipRepo();
  for (const branch of ["flip", "fixed", "double-free"]) diffs[branch] = await repo.git(["diff", "base", branch]);
});

afterAll(async () => {
  await repo?.cleanup();
});

describe("reviewDiff with a diff alone", () => {
  it("reports the borrowed → owned flip and says callers could not be checked", async () => {
    const result = await reviewDiff({ diffText: diffs.flip });
    expect(result.callersChecked).toBe(false);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      kind: "ownership-change",
      function: "getKeysInSlot",
      file: "src/db.c",
      channel: "keys[] elements",
      allocations: [{ call: "createStringObject", line: 42 }],
      callers: [],
    });
    expect(finding.message).toMatch(/callers could not be checked without a repository/);
    // slotHasKey now allocates too, but releases in the same function: not a finding.
    expect(result.features[0].functions.map((fn) => fn.name)).toContain("slotHasKey");
  });

  it("works on diff -u output without function context in hunk headers", async () => {
    const result = await reviewDiff({ diffText: readFileSync(path.join(OWNERSHIP_FIXTURES, "db-flip.diff"), "utf8") });
    expect(result.findings.map((f) => [f.kind, f.function, f.file])).toEqual([["ownership-change", "getKeysInSlot", "src/db.c"]]);
  });

  it("lists a caller changed in the same diff right after the changed function", async () => {
    const result = await reviewDiff({ diffText: diffs.fixed });
    // base..fixed still contains the flip; the diff alone cannot prove the caller releases, so the
    // change is reported, but the caller that changed alongside is shown in the walk-list.
    expect(result.findings.map((f) => f.function)).toEqual(["getKeysInSlot"]);
    expect(result.walkList.map((step) => step.function).slice(0, 2)).toEqual(["getKeysInSlot", "clusterCommand"]);
  });

  it("reports a callee that now releases what its callers used to release", async () => {
    const result = await reviewDiff({ diffText: diffs["double-free"] });
    expect(result.findings.map((f) => [f.kind, f.function, f.channel])).toEqual([["double-free-risk", "addReplyKeys", "keys[] elements"]]);
  });

  it("rejects a diff that does not parse with its line number, and bad allocator names", async () => {
    const broken = diffs.flip.split("\n").slice(0, 14).join("\n") + "\nthis is not a diff line\n";
    await expect(reviewDiff({ diffText: broken })).rejects.toThrow(UnprocessableError);
    await expect(reviewDiff({ diffText: broken })).rejects.toThrow(/diff line 15/);
    await expect(reviewDiff({ diffText: diffs.flip }, { allocators: ["bad name"] })).rejects.toThrow(InvalidInputError);
  });
});
