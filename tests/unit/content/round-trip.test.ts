import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseIncidentJson, renderIncidentJson } from "@/lib/content/json";
import { parseIncidentFile } from "@/lib/content/parse";
import { portableIncident } from "@/lib/content/portable";
import { renderIncidentFile } from "@/lib/content/render";
import { AWKWARD_FRAGMENTS, awkwardIncident } from "./awkward-incidents";

const EXAMPLE = path.resolve(__dirname, "../../../content/incidents/redis-slot-migration-leak.md");

describe("content file round trip", () => {
  it("re-renders the worked example byte for byte", () => {
    const text = fs.readFileSync(EXAMPLE, "utf8");
    const parsed = parseIncidentFile(text, EXAMPLE);
    expect(renderIncidentFile(parsed)).toBe(text);
  });

  it("keeps the worked example in canonical form: LF only, one trailing newline", () => {
    const text = fs.readFileSync(EXAMPLE, "utf8");
    expect(text).not.toContain("\r");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
  });

  it("writes restricted and members only for a restricted incident, and reads them back", () => {
    const text = fs.readFileSync(EXAMPLE, "utf8");
    const open = parseIncidentFile(text, EXAMPLE);
    expect(open.restricted).toBe(false);
    expect(renderIncidentFile(open)).not.toMatch(/^(restricted|members):/m);
    const restricted = portableIncident({ ...open, restricted: true, members: ["Zoe@Example.com", "amy@example.com", "amy@example.com"] });
    const file = renderIncidentFile(restricted);
    expect(file).toMatch(/^restricted: true\nmembers:\n {2}- amy@example\.com\n {2}- zoe@example\.com\n---$/m);
    const parsed = parseIncidentFile(file, EXAMPLE);
    expect([parsed.restricted, parsed.members]).toEqual([true, ["amy@example.com", "zoe@example.com"]]);
    expect(renderIncidentFile(parsed)).toBe(file);
    // Members without the restriction mean nothing: refused with the line, not silently dropped.
    const stray = file.replace("restricted: true\n", "");
    const line = stray.split("\n").indexOf("members:") + 1;
    expect(() => parseIncidentFile(stray, EXAMPLE)).toThrow(`${EXAMPLE}:${line}: members: members are listed only for a restricted incident`);
    expect(() => parseIncidentFile(file.replace("- amy@example.com", "- not-an-email"), EXAMPLE)).toThrow(/members\.0|must be an email/);
  });

  it.each(Array.from({ length: 40 }, (_, seed) => seed))("export → import → export is identical for awkward incident %i", (seed) => {
    const canonical = portableIncident(awkwardIncident(seed));
    const first = renderIncidentFile(canonical);
    const parsed = parseIncidentFile(first, `content/incidents/${canonical.slug}.md`);
    expect(parsed).toEqual(canonical);
    expect(renderIncidentFile(parsed)).toBe(first);
  });

  it("round-trips each awkward fragment alone as every kind of body", () => {
    for (const fragment of AWKWARD_FRAGMENTS) {
      const input = awkwardIncident(1);
      const incident = portableIncident({
        ...input,
        summary: fragment,
        impact: fragment,
        rootCause: fragment,
        entries: input.entries!.map((entry) => ({ ...entry, body: fragment })),
        lessons: [{ slug: "l", title: "L", tags: [], body: fragment }],
      });
      const text = renderIncidentFile(incident);
      expect(parseIncidentFile(text, "awkward-1.md")).toEqual(incident);
    }
  });

  it("keeps an empty body empty and a body of blank lines as blank lines", () => {
    const input = awkwardIncident(2);
    const bodies = ["", "\n", "\n\n\n", "   "];
    const incident = portableIncident({
      ...input,
      entries: bodies.map((body, i) => ({ key: `e${i}`, at: `2024-01-01T0${i}:00:00Z`, kind: "note", title: `t${i}`, body })),
      links: [],
    });
    const parsed = parseIncidentFile(renderIncidentFile(incident), "awkward-2.md");
    expect(parsed.entries.map((entry) => entry.body)).toEqual(bodies);
  });

  it("numbers the markers of a body that contains its own closing marker", () => {
    const input = awkwardIncident(3);
    const body = "before\n<!-- /casebook:entry -->\n<!-- casebook:entry:2 {} -->\nafter";
    const incident = portableIncident({
      ...input,
      entries: [{ key: "only", at: "2024-01-01T00:00:00Z", kind: "note", title: "Only", body }],
      links: [],
    });
    const text = renderIncidentFile(incident);
    expect(text).toContain("<!-- casebook:entry:3 {");
    expect(text).toContain("<!-- /casebook:entry:3 -->");
    expect(parseIncidentFile(text, "awkward-3.md").entries[0].body).toBe(body);
  });

  it("canonicalises: times in the incident's zone, entries by time, facts by name, CRLF to LF", () => {
    const input = awkwardIncident(4);
    const messy = {
      ...input,
      timezone: "Asia/Shanghai",
      summary: "line one\r\nline two\r\n",
      facts: { zeta: 1, alpha: "a" },
      entries: [
        { key: "b", at: "2019-12-19T10:00:00Z", kind: "note" as const, title: "later" },
        { key: "a", at: "2019-12-19T16:30:00+08:00", kind: "note" as const, title: "earlier" },
      ],
      links: [],
    };
    const text = renderIncidentFile(messy);
    const parsed = parseIncidentFile(text, "awkward-4.md");
    expect(parsed.entries.map((entry) => [entry.key, entry.at])).toEqual([
      ["a", "2019-12-19T16:30:00+08:00"],
      ["b", "2019-12-19T18:00:00+08:00"],
    ]);
    expect(Object.keys(parsed.facts)).toEqual(["alpha", "zeta"]);
    expect(parsed.summary).toBe("line one\nline two\n");
    expect(text).not.toContain("\r");
    expect(renderIncidentFile(parsed)).toBe(text);
  });

  it("reads hand edits of titles, bodies, times and links", () => {
    const text = fs.readFileSync(EXAMPLE, "utf8");
    const edited = text
      .replace("#### 16:30 · _Observation_ · Alert after scale-in: memory at 90 % with only ~10k keys", "#### 16:30 · _Observation_ · Memory alert after scale-in")
      .replace("the instance held only about 10,000 keys", "the instance held only ~10k keys")
      .replace('"key":"alert-after-scale-in","kind":"observation","at":"2019-12-19T16:30:00+08:00"', '"key":"alert-after-scale-in","kind":"observation","at":"2019-12-19T16:35:00+08:00"')
      .replace('"note":"still the main suspect"', '"note":"still the prime suspect"');
    const parsed = parseIncidentFile(edited, EXAMPLE);
    const alert = parsed.entries.find((entry) => entry.key === "alert-after-scale-in")!;
    expect(alert.title).toBe("Memory alert after scale-in");
    expect(alert.at).toBe("2019-12-19T16:35:00+08:00");
    expect(alert.body).toContain("only ~10k keys");
    expect(parsed.links.find((link) => link.from === "evening-sync" && link.to === "hyp-rax-leak")!.note).toBe("still the prime suspect");
    // The heading's time label is regenerated from the marker's time.
    expect(renderIncidentFile(parsed)).toContain("#### 16:35 · _Observation_ · Memory alert after scale-in\n");
  });

  it("ignores generated parts: editing a diagram, table or day heading changes nothing", () => {
    const text = fs.readFileSync(EXAMPLE, "utf8");
    const edited = text
      .replace("### Day 2 · 2019-12-20", "### Day 9 · 1999-01-01")
      .replace("flowchart LR", "flowchart TB")
      .replace("| Raised | Hypothesis | Status | Why |", "| edited table |");
    expect(renderIncidentFile(parseIncidentFile(edited, EXAMPLE))).toBe(text);
  });

  it("accepts CRLF files (a Windows checkout) and a byte-order mark", () => {
    const text = fs.readFileSync(EXAMPLE, "utf8");
    const windows = `\uFEFF${text.replace(/\n/g, "\r\n")}`;
    expect(renderIncidentFile(parseIncidentFile(windows, EXAMPLE))).toBe(text);
  });
});

describe("JSON export", () => {
  it("is stable, 2-space indented, in the content file's field order, and reads back", () => {
    const incident = portableIncident(awkwardIncident(5));
    const json = renderIncidentJson(incident);
    expect(json.endsWith("}\n")).toBe(true);
    expect(json.split("\n")[1]).toBe('  "slug": "awkward-5",');
    expect(Object.keys(JSON.parse(json))).toEqual([
      "slug", "title", "titleOriginal", "originalLanguage", "status", "severity", "services", "tags", "timezone",
      "startedAt", "detectedAt", "resolvedAt", "facts", "summary", "summaryOriginal", "impact", "rootCause",
      "contributingFactors", "entries", "links", "actionItems", "lessons", "attachments",
    ]);
    const back = parseIncidentJson(json, "awkward-5.json");
    expect(back).toEqual(incident);
    expect(renderIncidentJson(back)).toBe(json);
  });

  it("carries attachment bytes as base64 when asked", () => {
    const data = new TextEncoder().encode("hello");
    const incident = portableIncident({
      ...awkwardIncident(6),
      attachments: [{
        filename: "note.txt", mediaType: "text/plain", caption: "", entry: null, size: 5, data,
        sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
      }],
    });
    const json = renderIncidentJson(incident, { includeAttachmentData: true });
    expect(JSON.parse(json).attachments[0].dataBase64).toBe("aGVsbG8=");
    expect(Array.from(parseIncidentJson(json, "x.json").attachments[0].data!)).toEqual(Array.from(data));
    expect(JSON.parse(renderIncidentJson(incident)).attachments[0]).not.toHaveProperty("dataBase64");
  });
});
