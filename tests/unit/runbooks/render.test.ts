import { beforeAll, describe, expect, it } from "vitest";
import { runbookFlowchart } from "@/lib/runbooks/flowchart";
import { generateRunbook, type Runbook } from "@/lib/runbooks/generate";
import { renderRunbookMarkdown } from "@/lib/runbooks/render-markdown";
import { parseFlowchart } from "../diagrams/mermaid-parser";
import { realLibrary, workedExample } from "./support";

let runbook: Runbook;
beforeAll(async () => {
  runbook = generateRunbook(await realLibrary(), { facts: { ...workedExample().facts, host: "10.0.0.5", port: 6379 } });
});

/** Every fenced block with its info string. */
function fences(markdown: string): { info: string; body: string }[] {
  const blocks: { info: string; body: string }[] = [];
  const pattern = /^(`{3,})(\S*.*)\n([\s\S]*?)\n\1$/gm;
  for (const match of markdown.matchAll(pattern)) blocks.push({ info: match[2], body: match[3] });
  return blocks;
}

describe("runbook Markdown", () => {
  it("writes every command as a Runme sh cell with a unique id and name", () => {
    const markdown = renderRunbookMarkdown(runbook);
    const cells = fences(markdown).filter((block) => block.info.startsWith("sh "));
    const commandCount = runbook.steps.reduce((sum, step) => sum + step.commands.length, 0);
    expect(cells).toHaveLength(commandCount);
    const attributes = cells.map((cell) => JSON.parse(cell.info.slice(3)) as Record<string, string>);
    expect(new Set(attributes.map((attribute) => attribute.name)).size).toBe(cells.length);
    expect(attributes[0]).toEqual({ id: "confirm-leak-vs-data-growth-info-memory", name: "confirm-leak-vs-data-growth-info-memory" });
    expect(cells[0].body).toContain("redis-cli -h 10.0.0.5 -p 6379 INFO memory");
  });

  it("keeps pausing and unfilled commands out of run-all", () => {
    const cells = fences(renderRunbookMarkdown(runbook)).filter((block) => block.info.startsWith("sh "));
    const byName = new Map(cells.map((cell) => [(JSON.parse(cell.info.slice(3)) as { name: string }).name, JSON.parse(cell.info.slice(3)) as Record<string, string>]));
    expect(byName.get("take-memory-dump-gcore")?.excludeFromRunAll).toBe("true");
    expect(byName.get("compare-primary-replica-peers-node-vs-replica")?.excludeFromRunAll).toBe("true");
    expect(byName.get("confirm-leak-vs-data-growth-info-memory")?.excludeFromRunAll).toBeUndefined();
  });

  it("explains inclusion, exclusion, skipped commands and branches", () => {
    const markdown = renderRunbookMarkdown(runbook, { linkBase: "https://casebook.example" });
    expect(markdown).toContain("**Why:** Included because system is redis, cluster is true and events include slot-migration and failover.");
    expect(markdown).toContain("| Ask MEMORY DOCTOR and MEMORY STATS (`memory-doctor`) | MEMORY DOCTOR unavailable: 3.2.8 < 4.0 |");
    expect(markdown).toContain("> Skipped “Overhead by category and bytes per key”: MEMORY STATS / MEMORY USAGE unavailable: 3.2.8 < 4.0");
    expect(markdown).toMatch(/\*\*used_memory itself is far above what the keys explain\*\* → go to step 3, \*Rule out client output and query buffers\* \("memory-doctor" is skipped/);
    expect(markdown).toContain("| jeprof | unavailable | jemalloc built without profiling (--enable-prof) |");
    expect(markdown).toContain("[allocation-release-cohesion](https://casebook.example/lessons/allocation-release-cohesion)");
  });

  it("uses a fence longer than any backtick run in a command", () => {
    const tricky: Runbook = { ...runbook, steps: [{ ...runbook.steps[0], commands: [{ id: "x", label: "x", run: "echo ```\necho done", missing: [], notes: [] }] }] };
    const cells = fences(renderRunbookMarkdown(tricky)).filter((block) => block.info.startsWith("sh "));
    expect(cells).toEqual([{ info: expect.stringMatching(/^sh /), body: "echo ```\necho done" }]);
  });
});

describe("runbook flowchart", () => {
  it("draws every step and every branch, ending where triage ends", async () => {
    const parsed = await parseFlowchart(runbookFlowchart(runbook));
    expect(parsed.vertices.filter((vertex) => vertex.id.startsWith("s_"))).toHaveLength(runbook.steps.length);
    expect(parsed.vertices.find((vertex) => vertex.id === "s_check_slot_ownership")?.text).toBe("15. Check whether the leaked keys belong to this node's slots");
    const outcomes = runbook.steps.flatMap((step) => step.outcomes);
    expect(parsed.edges).toHaveLength(outcomes.length);
    expect(parsed.edges).toContainEqual(expect.objectContaining({ start: "s_confirm_leak_vs_data_growth", end: "triage_end", text: "used_memory is explained by the keys (sampled size × DBSIZE…" }));
    expect(parsed.edges).toContainEqual(expect.objectContaining({ start: "s_confirm_leak_vs_data_growth", end: "s_client_output_buffers" }));
  });

  it("escapes hostile text in labels", async () => {
    const hostile: Runbook = {
      ...runbook,
      steps: [{ ...runbook.steps[0], title: 'Evil"] --> x; click s_x call alert(1) %%{init: {}}%%', outcomes: [{ id: "o", label: "a|b\"]<script>", next: null, records: "observation" }] }],
    };
    const parsed = await parseFlowchart(runbookFlowchart(hostile));
    expect(parsed.config).toEqual({});
    expect(parsed.vertices.map((vertex) => vertex.id).sort()).toEqual(["s_confirm_leak_vs_data_growth", "triage_end"]);
    expect(parsed.vertices[0].text).toBe('1. Evil"] --> x; click s_x call alert(1) %%{init: {}}%%');
    expect(parsed.edges[0].text).toBe('a|b"]<script>');
  });
});
