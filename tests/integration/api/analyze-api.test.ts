import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as backportsRoute from "@/app/api/v1/analyze/backports/route";
import * as diffRoute from "@/app/api/v1/analyze/diff/route";
import { runCli } from "@/lib/cli/main";
import { buildBackportScenario, type BackportScenario } from "../../fixtures/git/backport-scenario";
import { captureIO } from "../../fixtures/git/cli-io";
import { buildOwnershipRepo, OWNERSHIP_FIXTURES } from "../../fixtures/git/ownership-repo";
import type { TempRepo } from "../../fixtures/git/temp-repo";
import { call } from "./call-route";
import { openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";

type ErrorBody = { error: string; issues?: { path: string; message: string }[] };

let scenario: BackportScenario;
let ownership: TempRepo;
let elsewhere: string;
const previousRoots = process.env.CASEBOOK_REPO_ROOTS;

// Route handlers check the caller (lib/http/guard.ts), which reads the accounts table: a fresh database.
let database: TestDb;
let restoreDatabase: () => Promise<void>;

beforeAll(async () => {
  database = await openTestDb("sqlite", "analyze-api");
  restoreDatabase = await useAsDefaultDatabase(database);
  [scenario, ownership] = await Promise.all([buildBackportScenario(), buildOwnershipRepo()]);
  elsewhere = await mkdtemp(path.join(tmpdir(), "casebook-other-root-"));
});

afterAll(async () => {
  await restoreDatabase?.();
  await database?.close();
  await Promise.all([scenario?.repo.cleanup(), ownership?.cleanup(), elsewhere ? rm(elsewhere, { recursive: true, force: true }) : undefined]);
});

afterEach(() => {
  if (previousRoots === undefined) delete process.env.CASEBOOK_REPO_ROOTS;
  else process.env.CASEBOOK_REPO_ROOTS = previousRoots;
});

const postBackports = (json: unknown) => call(backportsRoute.POST, { method: "POST", json });
const postDiff = (json: unknown) => call(diffRoute.POST, { method: "POST", json });
const allowParentOf = (dir: string) => (process.env.CASEBOOK_REPO_ROOTS = `${elsewhere}:${path.dirname(dir)}`);

/** Timings differ between two runs; everything else must match. */
function withoutTimings(result: { stats: Record<string, unknown> }) {
  const { elapsedMs: _elapsed, timingsMs: _timings, ...stats } = result.stats;
  return { ...result, stats };
}

describe("POST /api/v1/analyze/backports", () => {
  it("classifies a pasted git log without touching any repository", async () => {
    delete process.env.CASEBOOK_REPO_ROOTS;
    const log = await scenario.repo.git(["log", "--oneline", "--decorate", "3.2"]);
    const response = await postBackports({ log });
    expect(response.status).toBe(200);
    const body = response.body as { format: string; fixes: { kind: string; version?: string; subject: string }[] };
    expect(body.format).toBe("oneline");
    expect(body.fixes.map((fix) => [fix.kind, fix.version])).toEqual([
      ["memory", "3.2.10"],
      ["fd", "3.2.9"],
      ["memory", "3.2.1"],
    ]);
  });

  it("scans a repository under CASEBOOK_REPO_ROOTS and answers what the CLI's --json prints", async () => {
    allowParentOf(scenario.repo.dir);
    const response = await postBackports({ repo: scenario.repo.dir, version: "3.2.8", fork: "fork", lines: ["3.2", "4.0", "unstable"] });
    expect(response.status, response.text).toBe(200);
    const io = captureIO();
    expect(await runCli(["backports", "--repo", scenario.repo.dir, "--version", "3.2.8", "--fork", "fork", "--lines", "3.2,4.0,unstable", "--json"], io)).toBe(1);
    expect(withoutTimings(response.body as { stats: Record<string, unknown> })).toEqual(withoutTimings(JSON.parse(io.output())));

    const narrow = await postBackports({ repo: scenario.repo.dir, version: "3.2.8", lines: "3.2" });
    const subjects = (narrow.body as { fixes: { subject: string }[] }).fixes.map((fix) => fix.subject);
    expect(subjects).toEqual(expect.arrayContaining(["Memory leak in clusterRedirectBlockedClientIfNeeded.", "Fix fd leak in anetUnixGenericConnect()"]));
    expect(subjects).toHaveLength(2);
  });

  it("refuses repositories when CASEBOOK_REPO_ROOTS is unset or does not contain them (403)", async () => {
    delete process.env.CASEBOOK_REPO_ROOTS;
    const unset = await postBackports({ repo: scenario.repo.dir, version: "3.2.8" });
    expect(unset.status).toBe(403);
    expect((unset.body as ErrorBody).error).toContain("CASEBOOK_REPO_ROOTS");

    process.env.CASEBOOK_REPO_ROOTS = elsewhere;
    const outside = await postBackports({ repo: scenario.repo.dir, version: "3.2.8" });
    expect(outside.status).toBe(403);
    expect((outside.body as ErrorBody).error).toMatch(/outside the allowed roots/);

    const dotted = await postBackports({ repo: `${elsewhere}/../${path.basename(scenario.repo.dir)}`, version: "3.2.8" });
    expect(dotted.status).toBe(403);
  });

  it("answers an unknown ref, a missing repository and a plain directory with a 4xx naming the problem", async () => {
    allowParentOf(scenario.repo.dir);
    const badRef = await postBackports({ repo: scenario.repo.dir, version: "9.9.9" });
    expect(badRef.status).toBe(422);
    expect((badRef.body as ErrorBody).error).toMatch(/unknown deployed version "9\.9\.9"/);

    const optionLike = await postBackports({ repo: scenario.repo.dir, version: "--output=/tmp/x" });
    expect(optionLike.status).toBe(400);
    expect((optionLike.body as ErrorBody).error).toMatch(/must not start with "-"/);

    process.env.CASEBOOK_REPO_ROOTS = elsewhere;
    const missing = await postBackports({ repo: path.join(elsewhere, "nope"), version: "3.2.8" });
    expect(missing.status).toBe(422);
    expect((missing.body as ErrorBody).error).toMatch(/does not exist/);

    const plain = path.join(elsewhere, "plain-directory");
    await mkdir(plain, { recursive: true });
    const notGit = await postBackports({ repo: plain, version: "3.2.8" });
    expect(notGit.status).toBe(400);
    expect((notGit.body as ErrorBody).error).toMatch(/is not a Git repository/);
  });

  it("rejects malformed bodies with 400 and a message saying what to send", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /send \{repo, version\}.*or \{log\}/],
      [["log"], /must be a JSON object/],
      [{ log: "abc1234 Fix leak", repo: "/x" }, /not both/],
      [{ log: "   " }, /log: must not be empty/],
      [{ repo: "/x" }, /version: is required/],
      [{ repo: "/x", version: "3.2.8", patterns: ["(a+)+"] }, /Unrecognized key/],
      [{ log: "abc1234 Fix leak", attach: { slug: "Not A Slug" } }, /attach\.slug/],
    ];
    for (const [json, message] of cases) {
      const response = await postBackports(json);
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect((response.body as ErrorBody).error).toMatch(message);
    }
    const unparseable = await postBackports({ log: "this is neither a log nor release notes" });
    expect(unparseable.status).toBe(422);
    expect((unparseable.body as ErrorBody).error).toMatch(/^line 1: not recognised/);
  });
});

describe("POST /api/v1/analyze/diff", () => {
  it("reviews a pasted diff and reports the borrowed → owned flip", async () => {
    delete process.env.CASEBOOK_REPO_ROOTS;
    const diff = readFileSync(path.join(OWNERSHIP_FIXTURES, "db-flip.diff"), "utf8");
    const response = await postDiff({ diff });
    expect(response.status, response.text).toBe(200);
    const body = response.body as { mode: string; findings: { kind: string; function: string; file: string }[]; callersChecked: boolean };
    expect(body).toMatchObject({ mode: "diff", callersChecked: false });
    expect(body.findings.map((finding) => [finding.kind, finding.function, finding.file])).toEqual([["ownership-change", "getKeysInSlot", "src/db.c"]]);
  });

  it("reviews base..head in an allowed repository and names the caller that was not updated", async () => {
    allowParentOf(ownership.dir);
    const response = await postDiff({ repo: ownership.dir, base: "base", head: "flip", allocators: ["myAlloc"] });
    expect(response.status, response.text).toBe(200);
    const body = response.body as { mode: string; findings: { message: string }[]; walkList: { function: string }[] };
    expect(body.mode).toBe("repo");
    expect(body.findings.map((finding) => finding.message)).toEqual([
      "getKeysInSlot now hands owned objects out through keys[] elements (createStringObject at src/db.c:42); caller clusterCommand (src/cluster.c:37) was not updated",
    ]);
    expect(body.walkList.slice(0, 2).map((step) => step.function)).toEqual(["getKeysInSlot", "clusterCommand"]);

    const badRef = await postDiff({ repo: ownership.dir, base: "base", head: "no-such-branch" });
    expect(badRef.status).toBe(422);
    expect((badRef.body as ErrorBody).error).toMatch(/unknown head ref "no-such-branch"/);

    delete process.env.CASEBOOK_REPO_ROOTS;
    const refused = await postDiff({ repo: ownership.dir, base: "base", head: "flip" });
    expect(refused.status).toBe(403);
    expect((refused.body as ErrorBody).error).toContain("CASEBOOK_REPO_ROOTS");
  });

  it("answers a diff that does not parse with 422 naming the line", async () => {
    const diff = readFileSync(path.join(OWNERSHIP_FIXTURES, "db-flip.diff"), "utf8").split("\n").slice(0, 14).join("\n") + "\nthis is not a diff line\n";
    const response = await postDiff({ diff });
    expect(response.status).toBe(422);
    expect((response.body as ErrorBody).error).toMatch(/^diff line 15: /);
  });

  it("rejects malformed bodies with 400 and oversized ones with 413", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /send \{diff\}.*or \{repo, base, head\}/],
      [{ diff: "--- a\n+++ b\n", repo: "/x" }, /not both/],
      [{ diff: "" }, /diff: must not be empty/],
      [{ repo: "/x", base: "a" }, /head: is required/],
      [{ diff: "--- a/x.c\n+++ b/x.c\n", allocators: "malloc" }, /allocators/],
      [{ diff: "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n", releasers: ["not a name"] }, /releasers must be C identifiers/],
    ];
    for (const [json, message] of cases) {
      const response = await postDiff(json);
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect((response.body as ErrorBody).error).toMatch(message);
    }
    const notJson = await call(diffRoute.POST, { method: "POST", body: "--- a/x\n+++ b/x\n", headers: { "content-type": "text/x-diff" } });
    expect(notJson.status).toBe(400);
    const huge = await postDiff({ diff: `--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-${"a".repeat(10 * 1024 * 1024)}\n+b\n` });
    expect(huge.status).toBe(413);
  });
});
