import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseIncidentFile } from "@/lib/content/parse";
import { hypothesisGraphMermaid } from "@/lib/diagrams/hypothesis-graph";
import { timelineMermaid } from "@/lib/diagrams/timeline";
import type { DiagramEntry, DiagramInput } from "@/lib/diagrams/source";
import { parseFlowchart } from "./mermaid-parser";

const EXAMPLE = path.resolve(__dirname, "../../../content/incidents/redis-slot-migration-leak.md");
const HOSTILE_TITLES = [
  'quote " then ] and "] ; click e_a call alert(1)',
  "%%{init: {\"securityLevel\": \"loose\", \"theme\": \"dark\"}}%%",
  "line one\nclick n_h call alert(document.cookie)\n%% comment",
  "`**markdown string**` <img src=x onerror=alert(1)> &amp; #quot;",
  "subgraph evil\nend",
  "style n_h fill:#f00;",
];

const entry = (key: string, at: string, kind: DiagramEntry["kind"], title: string): DiagramEntry => ({
  key, at, kind, title, statusOverride: null, statusReason: "",
});

function hostileIncident(): DiagramInput {
  return {
    timezone: "Asia/Shanghai",
    entries: [
      entry("h", "2019-12-19T18:30:00+08:00", "hypothesis", HOSTILE_TITLES[0]),
      entry("end", "2019-12-19T16:30:00+08:00", "observation", HOSTILE_TITLES[1]),
      entry("o", "2019-12-19T17:00:00+08:00", "evidence", HOSTILE_TITLES[2]),
      entry("x", "2019-12-20T10:00:00+08:00", "evidence", HOSTILE_TITLES[3]),
      entry("click", "2019-12-20T11:00:00+08:00", "decision", HOSTILE_TITLES[4]),
      entry("style", "2019-12-20T12:00:00+08:00", "root-cause", HOSTILE_TITLES[5]),
    ],
    links: [
      { from: "o", to: "h", type: "supports", note: 'note "] click h call x()' },
      { from: "x", to: "h", type: "refutes", note: "" },
      { from: "click", to: "x", type: "cites", note: "" },
      { from: "style", to: "h", type: "confirms", note: "" },
    ],
  };
}

/** Every statement our generators may emit; anything else in the output means text escaped its label. */
const STATEMENT = [
  /^flowchart (TB|LR)$/,
  /^ {4}direction TB$/,
  /^ {2}subgraph day_\d+\["[^"\n]*"\]$/,
  /^ {2}end$/,
  /^ {2,4}[a-z]_[a-z0-9_]+(\["[^"\n]*"\]|\{\{"[^"\n]*"\}\}|\(\["[^"\n]*"\]\)|\[\["[^"\n]*"\]\])$/,
  /^ {2,4}[a-z0-9_]+ (-->|-\.->|==>)(\|[a-z]+\|)? [a-z0-9_]+$/,
  /^ {2}classDef [a-z_]+ [a-z-]+:[#a-z0-9 ]+(,[a-z-]+:[#a-z0-9 ]+)*$/,
  /^ {2}class [a-z0-9_,]+ [a-z_]+$/,
];

function expectOnlyKnownStatements(source: string) {
  for (const line of source.split("\n")) {
    expect(STATEMENT.some((pattern) => pattern.test(line)), `unexpected mermaid line: ${line}`).toBe(true);
  }
}

describe("diagrams from hostile titles", () => {
  // The graph leaves out entries without links (here: "end"); the timeline shows them all.
  const cases = [["timeline", timelineMermaid, 6], ["hypothesis graph", hypothesisGraphMermaid, 5]] as const;
  for (const [name, render, nodeCount] of cases) {
    it(`${name}: user text stays inside labels`, () => {
      const source = render(hostileIncident());
      expectOnlyKnownStatements(source);
      expect(source).not.toContain("%%");
      expect(source.split("\n").filter((line) => /^\s*(click|%%|style)\b/.test(line))).toEqual([]);
    });

    it(`${name}: mermaid parses it with no directive, link or callback, and shows the text as written`, async () => {
      const parsed = await parseFlowchart(render(hostileIncident()));
      expect(parsed.config).toEqual({});
      for (const vertex of parsed.vertices) {
        expect(vertex.haveCallback ?? false).toBe(false);
        expect(vertex.link).toBeUndefined();
        expect(parsed.tooltip(vertex.id)).toBeUndefined();
      }
      const texts = parsed.vertices.map((vertex) => vertex.text).join("\n");
      expect(texts).toContain('quote " then ] and "] ; click e_a call alert(1)');
      expect(texts).toContain("<img src=x onerror=alert(1)>");
      expect(texts).toContain("line one click n_h call alert(document.cookie) %% comment");
      // Subgraphs linked day to day appear as vertices too; everything else is an entry node.
      const ids = parsed.vertices.map((vertex) => vertex.id).filter((id) => !/^day_\d+$/.test(id));
      expect(ids.every((id) => /^[en]_[a-z0-9_]+$/.test(id))).toBe(true);
      expect(ids).toHaveLength(nodeCount);
    });
  }

  it("the parser checks would notice an injected click or directive (control)", async () => {
    const unsafe = `%%{init: {"theme": "dark"}}%%\nflowchart LR\n  n_a["x"]\n  click n_a href "https://example.com" "tip"`;
    const parsed = await parseFlowchart(unsafe);
    expect(parsed.config).toMatchObject({ theme: "dark" });
    expect(parsed.vertices.find((vertex) => vertex.id === "n_a")?.link).toMatch(/^https:\/\/example\.com/);
    expect(parsed.tooltip("n_a")).toBe("tip");
  });
});

describe("timeline diagram", () => {
  it("groups by local calendar day across midnight, per the incident's zone", async () => {
    const entries = [
      entry("late", "2024-03-09T23:30:00-08:00", "observation", "late evening"),
      entry("after-midnight", "2024-03-10T00:30:00-08:00", "evidence", "after midnight"),
      entry("next-day", "2024-03-11T09:00:00-07:00", "fix", "next day"),
    ];
    const losAngeles = await parseFlowchart(timelineMermaid({ timezone: "America/Los_Angeles", entries, links: [] }));
    expect(losAngeles.subGraphs.map((graph) => [graph.title, graph.nodes.sort()])).toEqual([
      ["Day 1 · 2024-03-09", ["e_late"]],
      ["Day 2 · 2024-03-10", ["e_after_midnight"]],
      ["Day 3 · 2024-03-11", ["e_next_day"]],
    ]);
    expect(losAngeles.vertices.find((vertex) => vertex.id === "e_next_day")?.text).toBe("09:00 · next day");

    // The same instants seen from Shanghai: 15:30 and 16:30 on one day, then the 12th.
    const shanghai = await parseFlowchart(timelineMermaid({ timezone: "Asia/Shanghai", entries, links: [] }));
    expect(shanghai.subGraphs.map((graph) => [graph.title, graph.nodes.sort()])).toEqual([
      ["Day 1 · 2024-03-10", ["e_after_midnight", "e_late"]],
      ["Day 3 · 2024-03-12", ["e_next_day"]],
    ]);
    expect(shanghai.vertices.find((vertex) => vertex.id === "e_late")?.text).toBe("15:30 · late evening");
  });

  it("orders by instant even when offsets differ, and chains entries and days", () => {
    const source = timelineMermaid({
      timezone: "UTC",
      entries: [
        entry("b", "2024-01-01T09:00:00+08:00", "note", "b at 01:00Z"),
        entry("a", "2024-01-01T00:30:00Z", "note", "a at 00:30Z"),
        entry("c", "2024-01-02T00:00:00Z", "note", "c"),
      ],
      links: [],
    });
    const lines = source.split("\n");
    expect(lines.indexOf('    e_a["00#58;30 · a at 00#58;30Z"]')).toBeLessThan(lines.indexOf('    e_b["01#58;00 · b at 01#58;00Z"]'));
    expect(lines).toContain("    e_a --> e_b");
    expect(lines).toContain("  day_1 --> day_2");
  });

  it("draws the worked example's two days and every entry", async () => {
    const incident = parseIncidentFile(fs.readFileSync(EXAMPLE, "utf8"), EXAMPLE);
    const parsed = await parseFlowchart(timelineMermaid(incident));
    expect(parsed.subGraphs.map((graph) => graph.title)).toEqual(["Day 1 · 2019-12-19", "Day 2 · 2019-12-20"]);
    expect(parsed.vertices.filter((vertex) => !vertex.id.startsWith("day_"))).toHaveLength(incident.entries.length);
    expect(parsed.vertices.find((vertex) => vertex.id === "e_gdb_dump")?.text).toMatch(/^18:00 · gdb memory dump/);
  });

  it("says so when there are no entries", async () => {
    const parsed = await parseFlowchart(timelineMermaid({ timezone: "UTC", entries: [], links: [] }));
    expect(parsed.vertices.map((vertex) => vertex.text)).toEqual(["No timeline entries yet"]);
  });
});

describe("hypothesis graph", () => {
  it("colours hypotheses by assessed status and labels edges with link types", async () => {
    const incident = parseIncidentFile(fs.readFileSync(EXAMPLE, "utf8"), EXAMPLE);
    const parsed = await parseFlowchart(hypothesisGraphMermaid(incident));
    const classOf = (id: string) => parsed.vertices.find((vertex) => vertex.id === id)?.classes;
    expect(classOf("n_hyp_rax_leak")).toEqual(["refuted"]);
    expect(classOf("n_hyp_slot_migration")).toEqual(["confirmed"]);
    expect(classOf("n_hyp_failover_eviction")).toEqual(["refuted"]);
    expect(classOf("n_hexdump_sds")).toEqual(["linked"]);
    expect(parsed.vertices.find((vertex) => vertex.id === "n_hyp_rax_leak")?.text).toMatch(/\(refuted\)$/);
    expect(parsed.edges).toContainEqual(expect.objectContaining({ start: "n_hexdump_sds", end: "n_hyp_rax_leak", text: "refutes" }));
    expect(parsed.edges).toContainEqual(expect.objectContaining({ start: "n_root_cause_getkeysinslot", end: "n_hyp_slot_migration", text: "confirms" }));
    expect(new Set(parsed.edges.map((edge) => edge.text))).toEqual(new Set(["supports", "refutes", "confirms", "cites", "tests"]));
    // Entries with no links (the first alert, the tools, the fix) stay out of the graph.
    expect(parsed.vertices.map((vertex) => vertex.id)).not.toContain("n_alert_after_scale_in");
    expect(parsed.vertices.map((vertex) => vertex.id)).not.toContain("n_fix_release_keys");
  });

  it("covers every status with its own class", async () => {
    const statuses = {
      timezone: "UTC",
      entries: [
        entry("h-open", "2024-01-01T00:00:00Z", "hypothesis", "open one"),
        entry("h-supported", "2024-01-01T00:01:00Z", "hypothesis", "supported one"),
        entry("h-weakened", "2024-01-01T00:02:00Z", "hypothesis", "weakened one"),
        entry("h-refuted", "2024-01-01T00:03:00Z", "hypothesis", "refuted one"),
        entry("h-confirmed", "2024-01-01T00:04:00Z", "hypothesis", "confirmed one"),
        entry("ev", "2024-01-01T01:00:00Z", "evidence", "evidence"),
        entry("ev2", "2024-01-01T02:00:00Z", "evidence", "more evidence"),
      ],
      links: [
        { from: "ev", to: "h-supported", type: "supports" as const, note: "" },
        { from: "ev", to: "h-weakened", type: "supports" as const, note: "" },
        { from: "ev2", to: "h-weakened", type: "refutes" as const, note: "" },
        { from: "ev", to: "h-refuted", type: "refutes" as const, note: "" },
        { from: "ev2", to: "h-confirmed", type: "confirms" as const, note: "" },
      ],
    };
    const parsed = await parseFlowchart(hypothesisGraphMermaid(statuses));
    for (const status of ["open", "supported", "weakened", "refuted", "confirmed"]) {
      expect(parsed.vertices.find((vertex) => vertex.id === `n_h_${status}`)?.classes).toEqual([status]);
    }
  });
});
