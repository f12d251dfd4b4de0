import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "@/lib/cli/main";
import { UnprocessableError, type ErrorIssue } from "@/lib/errors";
import { buildStepLibrary, type ContentText } from "@/lib/runbooks/library";
import { captureIO } from "../../fixtures/git/cli-io";
import { realLibrary, ROOT } from "./support";

const RUNBOOK: ContentText = {
  file: "rb/runbook.yaml",
  text: ["title: Test runbook", "summary: Two steps.", "tools:", "  - id: doctor", "    name: MEMORY DOCTOR", "    purpose: Diagnosis.", '    requires: { system: redis, version: ">=4.0" }', ""].join("\n"),
};

function stepText(id: string, order: number, next: string | null, extra: string[] = []): string {
  return [
    "---",
    `id: ${id}`,
    `title: Step ${id}`,
    `order: ${order}`,
    "phase: confirm",
    "goal: Test the validator.",
    ...extra,
    "commands:",
    "  - id: info",
    "    label: Info",
    "    run: redis-cli -h {{host}} INFO memory",
    "outcomes:",
    "  - id: done",
    "    label: Done",
    `    next: ${next ?? "null"}`,
    "    records: observation",
    "---",
    "How to read it.",
    "",
  ].join("\n");
}

const first = (text = stepText("first", 10, "second")): ContentText => ({ file: "rb/010-first.md", text });
const second = (text = stepText("second", 20, null)): ContentText => ({ file: "rb/020-second.md", text });

function issuesOf(files: ContentText[], runbook = RUNBOOK, knownLessons?: Set<string>): ErrorIssue[] {
  try {
    buildStepLibrary("rb", runbook, files, { knownLessons });
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableError);
    return (error as UnprocessableError).issues ?? [];
  }
  throw new Error("expected the content to be rejected");
}

/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((line) => line.includes(needle)) + 1;

describe("runbook content validation", () => {
  it("accepts valid content and orders the steps", () => {
    const library = buildStepLibrary("rb", RUNBOOK, [second(), first()]);
    expect(library.steps.map((step) => step.id)).toEqual(["first", "second"]);
    expect(library.steps[0]).toMatchObject({ when: {}, tools: [], lessons: [], file: "rb/010-first.md", body: "How to read it." });
  });

  it("reports a bad frontmatter field at its line", () => {
    const text = stepText("first", 10, "second").replace("phase: confirm", "phase: panic");
    expect(issuesOf([first(text), second()])).toEqual([{ path: `rb/010-first.md:${lineOf(text, "phase:")}`, message: expect.stringMatching(/^phase: Invalid option/) }]);
  });

  it("reports unknown fields and nested errors at the exact line", () => {
    const text = stepText("first", 10, "second", ["when:", "  version: \">=four\"", "  colour: blue"]).replace("    records: observation", "    records: gossip");
    const issues = issuesOf([first(text), second()]);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: `rb/010-first.md:${lineOf(text, "version:")}`, message: 'when.version: ">=four" is not a comparison with a version (use <, <=, >, >=, = and numbers like 4.0 or 7.0.15)' },
        { path: `rb/010-first.md:${lineOf(text, "colour:")}`, message: 'when: Unrecognized key: "colour"' },
        { path: `rb/010-first.md:${lineOf(text, "records:")}`, message: expect.stringMatching(/^outcomes\.0\.records: /) },
      ]),
    );
  });

  it("reports YAML syntax errors and missing fences with line numbers", () => {
    const broken = stepText("first", 10, "second").replace("goal: Test the validator.", "goal: [unclosed");
    expect(issuesOf([first(broken), second()])[0]).toEqual({ path: expect.stringMatching(/^rb\/010-first\.md:\d+$/), message: expect.stringContaining("invalid YAML") });
    expect(issuesOf([first("no frontmatter"), second()])).toEqual([{ path: "rb/010-first.md:1", message: expect.stringContaining("starts with YAML frontmatter") }]);
  });

  it("rejects outcomes leading to unknown steps", () => {
    const text = stepText("first", 10, "secnd");
    expect(issuesOf([first(text), second()])).toEqual([{ path: `rb/010-first.md:${lineOf(text, "next:")}`, message: 'outcome "done" leads to unknown step "secnd"' }]);
  });

  it("rejects duplicate step ids, naming the first file", () => {
    const copy: ContentText = { file: "rb/030-copy.md", text: stepText("second", 30, null) };
    expect(issuesOf([first(), second(), copy])).toEqual([{ path: "rb/030-copy.md:2", message: 'step id "second" is already used by rb/020-second.md:2' }]);
  });

  it("rejects loops: an outcome may not lead back up the runbook", () => {
    const text = stepText("second", 20, "first");
    expect(issuesOf([first(), second(text)])).toEqual([
      { path: `rb/020-second.md:${lineOf(text, "next:")}`, message: 'outcome "done" leads back to "first" (order 10, not after 20): a runbook only moves forward, so loops are not allowed' },
    ]);
    const self = stepText("second", 20, "second");
    expect(issuesOf([first(), second(self)])[0].message).toBe('outcome "done" leads back to its own step (loops are not allowed)');
  });

  it("rejects unknown tools, placeholders, quoted placeholders and lessons", () => {
    const text = stepText("first", 10, "second", ["tools: [jeprof]", "lessons: [no-such-lesson]"])
      .replace("run: redis-cli -h {{host}} INFO memory", "run: redis-cli -h {{hostname}} -p \"{{port}}\" INFO");
    const issues = issuesOf([first(text), second()], RUNBOOK, new Set(["allocation-release-cohesion"]));
    const at = (needle: string) => `rb/010-first.md:${lineOf(text, needle)}`;
    expect(issues).toEqual([
      { path: at("run:"), message: "commands.0.run: unknown placeholder {{hostname}}" },
      { path: at("run:"), message: expect.stringContaining("{{port}} inside quotes") },
      { path: at("tools:"), message: 'unknown tool "jeprof" (tools are defined in rb/runbook.yaml)' },
      { path: at("lessons:"), message: 'unknown lesson "no-such-lesson" (no incident in the content has it)' },
    ]);
  });

  it("checks the runbook file itself", () => {
    const runbook = { ...RUNBOOK, text: RUNBOOK.text.replace("version: \">=4.0\"", "version: \"~4\"") };
    expect(issuesOf([first(), second()], runbook)).toEqual([{ path: `rb/runbook.yaml:${lineOf(runbook.text, "requires:")}`, message: expect.stringContaining('"~4"') }]);
  });

  it("loads the real memory-leak library", async () => {
    const library = await realLibrary();
    expect(library.steps.length).toBeGreaterThanOrEqual(20);
    expect(library.tools.map((tool) => tool.id)).toEqual(expect.arrayContaining(["memory-doctor", "jeprof", "perf", "bcc-memleak", "valgrind", "sanitizers", "gcore"]));
  });
});

describe("casebook content check", () => {
  function contentCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-runbook-content-"));
    fs.cpSync(path.join(ROOT, "content"), dir, { recursive: true });
    return dir;
  }

  it("validates incidents and runbook steps together", async () => {
    const dir = contentCopy();
    const io = captureIO("", dir);
    expect(await runCli(["content", "check", dir], io)).toBe(0);
    expect(io.output()).toMatch(/1 runbook\(s\) with \d+ step\(s\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fails with file:line and exit 2 on a bad step", async () => {
    const dir = contentCopy();
    const file = path.join(dir, "runbooks/memory-leak/220-check-slot-ownership.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("next: strings-vs-structures", "next: nowhere"));
    const io = captureIO("", dir);
    expect(await runCli(["content", "check", dir], io)).toBe(2);
    expect(io.errors()).toMatch(new RegExp(`220-check-slot-ownership\\.md:\\d+: outcome "foreign-keys" leads to unknown step "nowhere"`));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
