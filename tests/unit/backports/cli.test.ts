import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "@/lib/cli/main";
import { captureIO } from "../../fixtures/git/cli-io";
import { buildBackportScenario, type BackportScenario } from "../../fixtures/git/backport-scenario";

let scenario: BackportScenario;

beforeAll(async () => {
  scenario = await buildBackportScenario();
});

afterAll(async () => {
  await scenario?.repo.cleanup();
});

describe("casebook backports", () => {
  it("prints the documented JSON and exits 1 when fixes are missing", async () => {
    const io = captureIO();
    const code = await runCli(["backports", "--repo", scenario.repo.dir, "--version", "3.2.8", "--fork", "fork", "--json"], io);
    expect(code).toBe(1);
    const json = JSON.parse(io.output());
    expect(json.deployed).toMatchObject({ ref: "3.2.8", line: "3.2" });
    expect(Object.keys(json.fixes[0])).toEqual(
      expect.arrayContaining(["subject", "kind", "commits", "firstTag", "presentInDeployed", "presentInFork", "files", "functions", "forkOverlap"]),
    );
    expect(json.fixes[0].commits[0]).toEqual(expect.objectContaining({ hash: expect.stringMatching(/^[0-9a-f]{40}$/), branch: expect.any(String) }));
    expect(json.present.length).toBe(2);
  });

  it("prints a readable list grouped into missing and present", async () => {
    const io = captureIO();
    await runCli(["backports", "--repo", scenario.repo.dir, "--version", "3.2.8", "--lines", "3.2"], io);
    const text = io.output();
    expect(text).toMatch(/MISSING from the deployed version \(2\)/);
    expect(text).toMatch(/memory\s+3\.2\.10\s+Memory leak in clusterRedirectBlockedClientIfNeeded\./);
    expect(text).toMatch(/fd\s+3\.2\.9\s+Fix fd leak/);
    // Only 3.2 is scanned: the argv fix is recognisable only through its unstable copy, so one is present.
    expect(text).toMatch(/PRESENT in the deployed version \(1\)/);
  });

  it("classifies pasted text from standard input", async () => {
    const oneline = await scenario.repo.git(["log", "--oneline", "--decorate", "3.2"]);
    const io = captureIO(oneline);
    expect(await runCli(["backports", "--log", "-", "--json"], io)).toBe(0);
    const json = JSON.parse(io.output());
    expect(json.format).toBe("oneline");
    expect(json.fixes.map((fix: { kind: string; version?: string }) => [fix.kind, fix.version])).toEqual([
      ["memory", "3.2.10"],
      ["fd", "3.2.9"],
      ["memory", "3.2.1"],
    ]);
  });

  it("exits 2 with a one-line message on bad input", async () => {
    const cases: string[][] = [
      ["backports", "--repo", scenario.repo.dir],
      ["backports", "--repo", scenario.repo.dir, "--version", "nope"],
      ["backports", "--repo", scenario.repo.dir, "--version", "-x"],
      ["backports", "--log", "/nonexistent/file.txt"],
      ["backports", "--bogus"],
    ];
    for (const args of cases) {
      const io = captureIO();
      expect(await runCli(args, io)).toBe(2);
      expect(io.errors().trim().split("\n")).toHaveLength(1);
    }
  });
});
