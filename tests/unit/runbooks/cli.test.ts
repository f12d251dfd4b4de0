import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "@/lib/cli/main";
import { captureIO } from "../../fixtures/git/cli-io";
import { seriesCsv } from "./trigger-window/synthetic";
import { workedExample } from "./support";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-runbook-cli-"));
  fs.writeFileSync(path.join(dir, "facts.json"), JSON.stringify({ facts: workedExample().facts, tags: workedExample().tags }));
  fs.writeFileSync(path.join(dir, "facts.yaml"), "system: redis\nversion: 7.0.15\nallocator: jemalloc\nallocatorProfiling: true\n");
  fs.writeFileSync(path.join(dir, "bad-facts.json"), JSON.stringify({ system: { nested: true } }));
  fs.writeFileSync(path.join(dir, "metrics.csv"), seriesCsv(200, (i) => (i >= 120 ? 800 : 10), 1, 2));
  fs.writeFileSync(path.join(dir, "events.log"), "2019-10-20 01:59 scale-out slot migration started\nnot an event line\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = captureIO("", dir);
  const code = await runCli(args, io);
  return { code, out: io.output(), err: io.errors() };
}

describe("casebook runbook generate", () => {
  it("writes Runme-ready Markdown from a facts file", async () => {
    const { code, out } = await run(["runbook", "generate", "--facts", "facts.json", "--offline"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^---\nshell: bash\n---\n\n# Memory-leak triage/);
    expect(out).toContain('```sh {"id":"confirm-leak-vs-data-growth-info-memory","name":"confirm-leak-vs-data-growth-info-memory","excludeFromRunAll":"true"}');
    expect(out).toContain("| Ask MEMORY DOCTOR and MEMORY STATS (`memory-doctor`) | MEMORY DOCTOR unavailable: 3.2.8 < 4.0 |");
  });

  it("prints JSON with --format json, from YAML facts", async () => {
    const { code, out } = await run(["runbook", "generate", "--facts", "facts.yaml", "--offline", "--format", "json"]);
    expect(code).toBe(0);
    const runbook = JSON.parse(out);
    expect(runbook.steps.map((step: { id: string }) => step.id)).toContain("jemalloc-heap-profile");
    expect(runbook.excluded).toContainEqual({ id: "aof-rewrite-buffer", title: "Rule out the AOF buffers and a running rewrite", reason: "not applicable: 7.0.15 >= 7.0" });
  });

  it.each([
    [["runbook", "generate"], "give exactly one of --facts FILE and --incident SLUG"],
    [["runbook", "generate", "--facts", "facts.json", "--incident", "x"], "give exactly one of --facts FILE and --incident SLUG"],
    [["runbook", "generate", "--facts", "facts.json", "--format", "pdf"], '--format must be md or json, got "pdf"'],
    [["runbook", "generate", "--facts", "missing.json"], "cannot read facts file missing.json: ENOENT"],
    [["runbook", "generate", "--facts", "bad-facts.json", "--offline"], "invalid facts in bad-facts.json: system:"],
    [["runbook", "generate", "--facts", "events.log", "--offline"], "events.log must hold a mapping of facts"],
  ])("rejects %j with exit 2 and one line", async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toContain(message);
  });
});

describe("casebook runbook trigger-window", () => {
  it("reports the step, its events and the unreadable lines", async () => {
    const { code, out } = await run(["runbook", "trigger-window", "--metrics", "metrics.csv", "--events", "events.log", "--svg", "chart.svg"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^Memory grew in 1 step\(s\): 2019-10-20T01:59:30Z/);
    expect(out).toContain("[slot-migration] scale-out slot migration started");
    expect(out).toContain("events line 2: no timestamp at the start of the line");
    expect(fs.readFileSync(path.join(dir, "chart.svg"), "utf8")).toMatch(/^<svg /);
  });

  it("prints JSON without the raw points", async () => {
    const { code, out } = await run(["runbook", "trigger-window", "--metrics", "metrics.csv", "--events", "events.log", "--json", "--timezone", "Asia/Shanghai"]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.points).toBeUndefined();
    expect(result.changes[0]).toMatchObject({ index: 120, kind: "step", at: "2019-10-20T09:59:30+08:00" });
  });

  it.each([
    [["runbook", "trigger-window", "--metrics", "metrics.csv"], "--metrics FILE and --events FILE are required"],
    [["runbook", "trigger-window", "--metrics", "events.log", "--events", "events.log"], "no line of the metrics could be read"],
    [["runbook", "trigger-window", "--metrics", "metrics.csv", "--events", "events.log", "--window", "soon"], '--window must be a positive number of minutes, got "soon"'],
    [["runbook", "trigger-window", "--metrics", "metrics.csv", "--events", "events.log", "--timezone", "Mars/Olympus"], "--timezone must be an IANA time zone"],
  ])("rejects %j with exit 2", async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toContain(message);
  });
});
