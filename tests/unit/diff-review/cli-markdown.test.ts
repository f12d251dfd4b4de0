import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "@/lib/cli/main";
import { renderDiffReviewMarkdown } from "@/lib/analyzers/diff-review/markdown";
import { reviewDiff } from "@/lib/analyzers/diff-review/review";
import { captureIO } from "../../fixtures/git/cli-io";
import { buildOwnershipRepo } from "../../fixtures/git/ownership-repo";
import type { TempRepo } from "../../fixtures/git/temp-repo";

let repo: TempRepo;
let flipDiff: string;

beforeAll(async () => {
  repo = await buildOwnershipRepo();
  flipDiff = await repo.git(["diff", "base", "flip"]);
});

afterAll(async () => {
  await repo?.cleanup();
});

describe("diff review output", () => {
  it("renders Markdown with findings, caller table, walk-list and the lesson link", async () => {
    const result = await reviewDiff({ repo: repo.dir, base: "base", head: "flip" });
    const markdown = renderDiffReviewMarkdown(result, { lessonUrl: "/lessons/allocation-cohesion" });
    expect(markdown).toContain("### Ownership change: `getKeysInSlot` (`src/db.c:37`)");
    expect(markdown).toContain("| `clusterCommand` | `src/cluster.c:37` | no | no |");
    expect(markdown).toMatch(/## Review walk-list\n\n1\. `getKeysInSlot` — `src\/db.c:37` — changed; ownership-change\n2\. `clusterCommand`/);
    expect(markdown).toContain("[allocation cohesion](/lessons/allocation-cohesion)");
    expect(renderDiffReviewMarkdown(result)).not.toContain("allocation cohesion");
  });

  it("casebook diff-review --json on a repository exits 1 with the documented shape", async () => {
    const io = captureIO();
    expect(await runCli(["diff-review", "--repo", repo.dir, "--base", "base", "--head", "flip", "--json"], io)).toBe(1);
    const json = JSON.parse(io.output());
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["features", "walkList", "findings", "callersChecked"]));
    expect(json.callersChecked).toBe(true);
    expect(json.features[0]).toEqual(expect.objectContaining({ file: expect.any(String), functions: expect.any(Array) }));
    expect(json.findings[0].callers[0]).toEqual({ function: "clusterCommand", file: "src/cluster.c", line: 37, updated: false, releases: false, disposal: "none" });
  });

  it("reads the diff from standard input and prints Markdown", async () => {
    const io = captureIO(flipDiff);
    expect(await runCli(["diff-review", "--diff", "-", "--markdown", "--lesson-url", "https://kb.example/lessons/cohesion"], io)).toBe(1);
    expect(io.output()).toContain("callers could not be checked without a repository");
    const clean = captureIO(await repo.git(["diff", "flip", "fixed"]));
    expect(await runCli(["diff-review", "--diff", "-", "--allocators", "makeKey", "--releasers", "releaseKey"], clean)).toBe(0);
    expect(clean.output()).toMatch(/0 finding\(s\)/);
  });

  it("exits 2 with one line for bad input", async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [["diff-review", "--diff", "-"], "not a diff\n", /diff line 1: no file header/],
      [["diff-review", "--repo", repo.dir, "--base", "base"], "", /pass --diff FILE\|- or all of --repo, --base and --head/],
      [["diff-review", "--repo", repo.dir, "--base", "base", "--head", "nope"], "", /unknown head ref "nope"/],
      [["diff-review", "--diff", "-", "--json", "--markdown"], "", /choose one/],
      [["diff-review", "--diff", "-", "--allocators", "a;b"], "", /C identifiers/],
    ];
    for (const [args, stdin, message] of cases) {
      const io = captureIO(stdin);
      expect(await runCli(args, io)).toBe(2);
      expect(io.errors()).toMatch(message);
      expect(io.errors().trim().split("\n")).toHaveLength(1);
    }
  });
});
