import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { reviewDiff } from "@/lib/analyzers/diff-review/review";
import { buildOwnershipRepo } from "../../fixtures/git/ownership-repo";
import type { TempRepo } from "../../fixtures/git/temp-repo";

let repo: TempRepo;

beforeAll(async () => {
  repo = await buildOwnershipRepo();
});

afterAll(async () => {
  await repo?.cleanup();
});

describe("reviewDiff with a repository (whole files at base and head)", () => {
  it("reports the caller that was not updated after the borrowed → owned flip", async () => {
    const result = await reviewDiff({ repo: repo.dir, base: "base", head: "flip" });
    expect(result.callersChecked).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({ kind: "ownership-change", function: "getKeysInSlot", file: "src/db.c", line: 37 });
    expect(finding.callers).toEqual([
      { function: "clusterCommand", file: "src/cluster.c", line: 37, updated: false, releases: false, disposal: "none" },
    ]);
    expect(finding.message).toBe(
      "getKeysInSlot now hands owned objects out through keys[] elements (createStringObject at src/db.c:42); caller clusterCommand (src/cluster.c:37) was not updated",
    );
  });

  it("orders the walk-list: changed function, the caller to fix, then callees", async () => {
    const result = await reviewDiff({ repo: repo.dir, base: "base", head: "flip" });
    expect(result.walkList.slice(0, 2)).toEqual([
      { step: 1, file: "src/db.c", function: "getKeysInSlot", line: 37, reasons: ["changed; ownership-change"] },
      { step: 2, file: "src/cluster.c", function: "clusterCommand", line: 37, reasons: ["caller of getKeysInSlot: not updated, does not release the result"] },
    ]);
    // Allocators and releasers are not steps of their own.
    expect(result.walkList.some((step) => ["createStringObject", "zmalloc", "zfree", "decrRefCount"].includes(step.function))).toBe(false);
    const db = result.features.find((feature) => feature.file === "src/db.c")!;
    expect(db.functions.map((fn) => [fn.name, fn.changed])).toEqual([
      ["slotIndexAdd", true],
      ["slotIndexClear", true],
      ["getKeysInSlot", true],
      ["slotHasKey", true],
    ]);
    const getKeys = db.functions.find((fn) => fn.name === "getKeysInSlot")!;
    expect(getKeys.callers).toEqual([{ function: "clusterCommand", file: "src/cluster.c", line: 37 }]);
    expect(getKeys.callees).toContainEqual({ function: "createStringObject", file: "src/object.c", line: 15 });
    const cluster = result.features.find((feature) => feature.file === "src/cluster.c")!;
    expect(cluster.functions).toEqual([{ name: "clusterCommand", line: 37, changed: false, callers: [], callees: [{ function: "getKeysInSlot", file: "src/db.c", line: 37 }] }]);
  });

  it("reports nothing when the caller was updated to release (the allocate-and-free twin)", async () => {
    const result = await reviewDiff({ repo: repo.dir, base: "base", head: "fixed" });
    expect(result.findings).toEqual([]);
    expect(result.features.flatMap((f) => f.functions.filter((fn) => fn.changed).map((fn) => fn.name)).sort()).toEqual(
      ["clusterCommand", "getKeysInSlot", "slotHasKey", "slotIndexAdd", "slotIndexClear"],
    );
  });

  it("reports the caller that still releases after the callee started releasing (double free)", async () => {
    const result = await reviewDiff({ repo: repo.dir, base: "base", head: "double-free" });
    expect(result.findings.map((f) => [f.kind, f.function, f.channel])).toEqual([["double-free-risk", "addReplyKeys", "keys[] elements"]]);
    expect(result.findings[0].callers).toEqual([
      { function: "keysWithPrefixCommand", file: "src/keys.c", line: 16, updated: false, releases: true, disposal: "releases" },
    ]);
    expect(result.findings[0].allocations).toEqual([{ call: "decrRefCount", line: 9 }]);
  });

  it("applies configured releasers to callers", async () => {
    const cluster = await repo.git(["show", "flip:src/cluster.c"]);
    await repo.checkout("custom-release", { create: true, from: "flip" });
    await repo.commit("Release keys with the project helper", {
      "src/cluster.c": cluster.replace(
        "for (j = 0; j < numkeys; j++) addReplyBulk(c, keys[j]);",
        "for (j = 0; j < numkeys; j++) {\n            addReplyBulk(c, keys[j]);\n            releaseKeyObject(keys[j]);\n        }",
      ),
    });
    await repo.checkout("unstable");
    const unknownHelper = await reviewDiff({ repo: repo.dir, base: "base", head: "custom-release" });
    expect(unknownHelper.findings[0].message).toMatch(/caller clusterCommand \(src\/cluster.c:37\) was updated but does not release them/);
    const configured = await reviewDiff({ repo: repo.dir, base: "base", head: "custom-release" }, { releasers: ["releaseKeyObject"] });
    expect(configured.findings).toEqual([]);
  });

  it("reports bad input clearly", async () => {
    await expect(reviewDiff({ repo: repo.dir, base: "base", head: "no-such-ref" })).rejects.toThrow(NotFoundError);
    await expect(reviewDiff({ repo: repo.dir, base: "--exec=sh", head: "flip" })).rejects.toThrow(/must not start with "-"/);
    const empty = await mkdtemp(path.join(tmpdir(), "casebook-not-a-repo-"));
    try {
      await expect(reviewDiff({ repo: empty, base: "a", head: "b" })).rejects.toThrow(InvalidInputError);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
