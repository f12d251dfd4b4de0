import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { scanBackports } from "@/lib/analyzers/backports/scan";
import type { BackportFix, BackportScanResult } from "@/lib/analyzers/backports/types";
import { buildBackportScenario, type BackportScenario } from "../../fixtures/git/backport-scenario";

let scenario: BackportScenario;
let result: BackportScanResult;

const bySubject = (fixes: BackportFix[], start: string) => {
  const fix = fixes.find((candidate) => candidate.subject.startsWith(start));
  if (!fix) throw new Error(`no fix starting with "${start}" in ${fixes.map((f) => f.subject).join(" | ")}`);
  return fix;
};

beforeAll(async () => {
  scenario = await buildBackportScenario();
  result = await scanBackports({ repo: scenario.repo.dir, deployed: "3.2.8", fork: "fork" });
});

afterAll(async () => {
  await scenario?.repo.cleanup();
});

describe("scanBackports on a repository with 3.2, 4.0 and unstable", () => {
  it("infers the deployed line and scans it, every newer line and the main branch", () => {
    expect(result.deployed).toMatchObject({ ref: "3.2.8", version: "3.2.8", line: "3.2" });
    expect(result.lines.map((line) => [line.line, line.refKind, line.ref])).toEqual([
      ["3.2", "branch", "3.2"],
      ["4.0", "branch", "4.0"],
      ["5.0", "tag", "5.0-rc1"],
      ["unstable", "branch", "unstable"],
    ]);
  });

  it("groups one fix carried by different hashes on 3.2, 4.0 and unstable (patch-id)", () => {
    const fix = bySubject(result.fixes, "Memory leak in clusterRedirectBlockedClientIfNeeded");
    const { clusterLeak32, clusterLeak40, clusterLeakUnstable } = scenario.commits;
    expect(new Set([clusterLeak32, clusterLeak40, clusterLeakUnstable]).size).toBe(3);
    expect(fix.commits.map((c) => [c.hash, c.branch]).sort()).toEqual(
      [[clusterLeak32, "3.2"], [clusterLeak40, "4.0"], [clusterLeakUnstable, "unstable"]].sort(),
    );
    expect(fix.kind).toBe("memory");
    expect(fix.firstTags).toEqual({ "3.2": "3.2.10", "4.0": "4.0.1", "5.0": "5.0-rc1" });
    expect(fix.firstTag).toBe("3.2.10");
    expect(fix.files).toEqual(["src/cluster.c"]);
    expect(fix.functions).toEqual(["clusterRedirectBlockedClientIfNeeded"]);
    expect(fix.presentInDeployed).toBe(false);
  });

  it("tells fd leaks from memory leaks and orders -rc tags before releases", () => {
    const fd = bySubject(result.fixes, "Fix fd leak in anetUnixGenericConnect");
    expect(fd.kind).toBe("fd");
    expect(fd.firstTags).toEqual({ "3.2": "3.2.9", "4.0": "4.0-rc1", "5.0": "5.0-rc1" });
    expect(fd.commits.map((c) => c.hash).sort()).toEqual([scenario.commits.fdLeak32, scenario.commits.fdLeakUnstable].sort());
    expect(bySubject(result.fixes, "Fix use-after-free in freeClient").kind).toBe("use-after-free");
    expect(bySubject(result.fixes, "Fix leak of keys in CLUSTER GETKEYSINSLOT").kind).toBe("memory");
  });

  it("lists fixes the deployed version has by ancestry and by patch-id separately", () => {
    const sds = bySubject(result.present, "Fix leak in sdssplitlen");
    expect(sds).toMatchObject({ presentInDeployed: true, presentVia: "ancestry", firstTag: "3.2.1" });
    const argv = bySubject(result.present, "Fix memory leak in freeClientArgv");
    // The 3.2 copy has another message and no -x trailer: only the patch-id links it.
    expect(argv).toMatchObject({ presentInDeployed: true, presentVia: "patch-id", firstTag: "3.2.8" });
    expect(argv.commits.map((c) => c.hash)).toContain(scenario.commits.argvLeak32);
    expect(result.fixes.some((fix) => fix.subject.includes("freeClientArgv") || fix.subject.includes("sdssplitlen"))).toBe(false);
  });

  it("ranks the missing fix whose function the fork modified first and marks what the fork carries", () => {
    const [first, second] = result.fixes;
    expect(first.subject).toBe("Fix leak of keys in CLUSTER GETKEYSINSLOT");
    expect(first.forkOverlap).toEqual({ files: ["src/cluster.c"], functions: ["clusterCommand"] });
    expect(first.presentInFork).toBe(false);
    expect(second.subject).toMatch(/^Memory leak in clusterRedirect/);
    expect(second.presentInFork).toBe(true);
    // Its own cherry-pick in the fork is not an "overlap".
    expect(second.forkOverlap).toEqual({ files: ["src/cluster.c"], functions: [] });
    const kinds = result.fixes.slice(2).map((fix) => fix.kind);
    expect(kinds.indexOf("use-after-free")).toBeLessThan(kinds.indexOf("fd"));
  });

  it("accepts a commit hash for the deployed version and restricts to the requested lines", async () => {
    const deployedHash = (await scenario.repo.git(["rev-parse", "3.2.8^{commit}"])).trim();
    const only32 = await scanBackports({ repo: scenario.repo.dir, deployed: deployedHash, lines: ["3.2"] });
    expect(only32.deployed.version).toBe("3.2.8");
    expect(only32.fixes.map((fix) => fix.subject).sort()).toEqual([
      "Fix fd leak in anetUnixGenericConnect()",
      "Memory leak in clusterRedirectBlockedClientIfNeeded.",
    ]);
    expect(only32.fixes.every((fix) => fix.commits.every((c) => c.branch === "3.2"))).toBe(true);
  });

  it("adds configurable candidate patterns", async () => {
    const withNotes = await scanBackports({ repo: scenario.repo.dir, deployed: "3.2.8", lines: ["3.2", "4.0"], extraPatterns: ["release notes"] });
    expect(withNotes.present.map((fix) => fix.subject)).toContain("3.2 release notes");
    expect(withNotes.fixes.map((fix) => fix.subject)).toContain("4.0 release notes");
    expect(bySubject(withNotes.fixes, "4.0 release notes").kind).toBe("other");
  });

  it("reports bad input with the right error", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "casebook-not-a-repo-"));
    try {
      await expect(scanBackports({ repo: empty, deployed: "3.2.8" })).rejects.toThrow(InvalidInputError);
      await expect(scanBackports({ repo: empty, deployed: "3.2.8" })).rejects.toThrow(/is not a Git repository/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    await expect(scanBackports({ repo: path.join(tmpdir(), "casebook-missing-repo-x"), deployed: "3.2.8" })).rejects.toThrow(NotFoundError);
    await expect(scanBackports({ repo: scenario.repo.dir, deployed: "9.9.9" })).rejects.toThrow(NotFoundError);
    await expect(scanBackports({ repo: scenario.repo.dir, deployed: "--output=/tmp/pwned" })).rejects.toThrow(/must not start with "-"/);
    await expect(scanBackports({ repo: scenario.repo.dir, deployed: "3.2.8", fork: "-fork" })).rejects.toThrow(InvalidInputError);
    await expect(scanBackports({ repo: scenario.repo.dir, deployed: "3.2.8", lines: ["9.9"] })).rejects.toThrow(/release line 9.9/);
    const root = (await scenario.repo.git(["rev-list", "--max-parents=0", "unstable"])).trim();
    await expect(scanBackports({ repo: scenario.repo.dir, deployed: root })).rejects.toThrow(/pass the lines to scan/);
  });
});
