import { describe, expect, it } from "vitest";
import { parseIncidentFile } from "@/lib/content/parse";
import { renderIncidentFile } from "@/lib/content/render";
import { UnprocessableError, type ErrorIssue } from "@/lib/errors";

const FILE = "content/incidents/small.md";

/** A valid file to break: two entries, a hypothesis and a link. */
const VALID = renderIncidentFile({
  slug: "small",
  title: "Small incident",
  timezone: "Asia/Shanghai",
  entries: [
    { key: "alert", at: "2019-12-19T16:30:00+08:00", kind: "observation", title: "Alert", body: "Memory at 90 %." },
    { key: "hyp-rax", at: "2019-12-19T18:30:00+08:00", kind: "hypothesis", title: "Rax leaks", body: "" },
    { key: "hexdump", at: "2019-12-20T10:00:00+08:00", kind: "evidence", title: "hexdump", body: "54 54 01" },
  ],
  links: [{ from: "hexdump", to: "hyp-rax", type: "refutes", note: "SDS header" }],
});

/** 1-based number of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`test setup: "${needle}" not found`);
  return index + 1;
}

function issuesOf(text: string, file = FILE): ErrorIssue[] {
  try {
    parseIncidentFile(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableError);
    return (error as UnprocessableError).issues ?? [];
  }
  throw new Error("expected the file to be rejected");
}

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`test setup: "${from}" not found`);
  return text.replace(from, to);
}

describe("parseIncidentFile errors carry file:line", () => {
  it("accepts the unbroken file", () => {
    expect(parseIncidentFile(VALID, FILE).entries).toHaveLength(3);
  });

  it("bad YAML: points into the frontmatter", () => {
    const text = edit(VALID, "title: Small incident", 'title: "Small incident');
    const issues = issuesOf(text);
    expect(issues[0].path).toBe(`${FILE}:${lineOf(text, 'title: "Small')}`);
    expect(issues[0].message).toMatch(/invalid YAML/);
  });

  it("missing frontmatter: line 1", () => {
    const issues = issuesOf(VALID.replace(/^---\n/, ""));
    expect(issues[0]).toEqual({ path: `${FILE}:1`, message: expect.stringMatching(/frontmatter/) });
  });

  it("missing title: reported as required", () => {
    const issues = issuesOf(edit(VALID, "title: Small incident\n", ""));
    expect(issues).toEqual([{ path: `${FILE}:1`, message: "title: is required" }]);
  });

  it("empty title: the line of the title key", () => {
    const text = edit(VALID, "title: Small incident", 'title: ""');
    expect(issuesOf(text)).toEqual([{ path: `${FILE}:${lineOf(text, 'title: ""')}`, message: "title: must not be empty" }]);
  });

  it("unknown kind: the line of the entry's marker", () => {
    const text = edit(VALID, '"kind":"observation"', '"kind":"observashun"');
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(`${FILE}:${lineOf(text, "observashun")}`);
    expect(issues[0].message).toMatch(/^entry "alert" kind: /);
  });

  it("link to a missing entry: the line of the link", () => {
    const text = edit(VALID, '"to":"hyp-rax"', '"to":"hyp-missing"');
    expect(issuesOf(text)).toEqual([
      { path: `${FILE}:${lineOf(text, "hyp-missing")}`, message: 'link hexdump refutes hyp-missing to: there is no entry with key "hyp-missing"' },
    ]);
  });

  it("link breaking the kind rules: the line of the link", () => {
    const text = edit(VALID, '"type":"refutes"', '"type":"cites"');
    const issues = issuesOf(text);
    expect(issues[0].path).toBe(`${FILE}:${lineOf(text, '"type":"cites"')}`);
    expect(issues[0].message).toMatch(/evidence entry cannot "cites"/);
  });

  it("duplicate key: the line of the second marker", () => {
    const text = edit(VALID, '"key":"hexdump"', '"key":"alert"');
    const secondMarker = text.split("\n").findLastIndex((line) => line.includes('"key":"alert"')) + 1;
    const issues = issuesOf(text);
    expect(issues).toContainEqual({ path: `${FILE}:${secondMarker}`, message: expect.stringMatching(/duplicate entry key "alert"/) });
  });

  it("bad timestamp: the line of the marker, with the expected form", () => {
    const text = edit(VALID, '"at":"2019-12-19T18:30:00+08:00"', '"at":"2019-12-19 18:30"');
    expect(issuesOf(text)).toEqual([
      { path: `${FILE}:${lineOf(text, "2019-12-19 18:30")}`, message: expect.stringMatching(/^entry "hyp-rax" at: must be an ISO 8601 date-time with offset/) },
    ]);
  });

  it("title problems point at the heading line", () => {
    const text = edit(VALID, "_Hypothesis_ · Rax leaks", "_Hypothesis_ · ");
    expect(issuesOf(text)).toEqual([{ path: `${FILE}:${lineOf(text, "_Hypothesis_ · ")}`, message: 'entry "hyp-rax" title: must not be empty' }]);
  });

  it("reports every problem of a file at once, in line order", () => {
    let text = edit(VALID, '"kind":"observation"', '"kind":"observashun"');
    text = edit(text, '"at":"2019-12-19T18:30:00+08:00"', '"at":"yesterday"');
    text = edit(text, '"to":"hyp-rax"', '"to":"nowhere"');
    const issues = issuesOf(text);
    expect(issues.map((issue) => issue.path)).toEqual([
      `${FILE}:${lineOf(text, "observashun")}`,
      `${FILE}:${lineOf(text, "yesterday")}`,
      `${FILE}:${lineOf(text, "nowhere")}`,
    ]);
  });

  it("structural problems: unclosed block, unknown marker, bad JSON, unknown field, missing heading", () => {
    const unclosed = edit(VALID, "Memory at 90 %.\n<!-- /casebook:entry -->", "Memory at 90 %.");
    expect(issuesOf(unclosed)[0]).toEqual({ path: `${FILE}:${lineOf(unclosed, '"key":"alert"')}`, message: expect.stringMatching(/not closed before the next one opens/) });

    const unknown = edit(VALID, "<!-- casebook:impact -->", "<!-- casebook:impakt -->");
    expect(issuesOf(unknown)).toContainEqual({ path: `${FILE}:${lineOf(unknown, "impakt")}`, message: expect.stringMatching(/unknown casebook marker "impakt"/) });

    const badJson = edit(VALID, '{"key":"alert",', '{key:"alert",');
    expect(issuesOf(badJson)[0]).toEqual({ path: `${FILE}:${lineOf(badJson, '{key:"alert"')}`, message: expect.stringMatching(/JSON .* is invalid/) });

    const extraField = edit(VALID, '{"key":"alert",', '{"key":"alert","colour":"red",');
    expect(issuesOf(extraField)[0].message).toMatch(/unknown field "colour"/);

    const noHeading = edit(VALID, "#### 16:30 · _Observation_ · Alert\n", "");
    expect(issuesOf(noHeading)[0]).toEqual({ path: `${FILE}:${lineOf(noHeading, '"key":"alert"')}`, message: expect.stringMatching(/right after its heading/) });
  });

  it("frontmatter keys that belong in the body, or that do not exist", () => {
    const text = edit(VALID, "severity: sev3", "severity: sev3\nsummary: nope\ncolour: red");
    expect(issuesOf(text)).toEqual([
      { path: `${FILE}:${lineOf(text, "summary: nope")}`, message: expect.stringMatching(/casebook:summary block/) },
      { path: `${FILE}:${lineOf(text, "colour: red")}`, message: expect.stringMatching(/unknown frontmatter field "colour"/) },
    ]);
  });

  it("a fact with a bad value points at that fact's line", () => {
    const text = edit(VALID, "facts: {}", "facts:\n  system: redis\n  nested:\n    a: 1");
    expect(issuesOf(text)).toEqual([{ path: `${FILE}:${lineOf(text, "  nested:")}`, message: expect.stringMatching(/^facts\.nested: /) }]);
  });

  it("the slug must match the file name", () => {
    expect(issuesOf(VALID, "content/incidents/other.md")).toEqual([
      { path: "content/incidents/other.md:2", message: 'slug "small" does not match the file name (expected "other")' },
    ]);
  });

  it("the error message lists every issue as file:line: reason", () => {
    const text = edit(edit(VALID, '"kind":"observation"', '"kind":"x"'), '"to":"hyp-rax"', '"to":"nope"');
    try {
      parseIncidentFile(text, FILE);
      throw new Error("expected a rejection");
    } catch (error) {
      const lines = (error as Error).message.split("\n");
      expect(lines[0]).toBe(`${FILE} has 2 problems:`);
      expect(lines.slice(1)).toEqual(((error as UnprocessableError).issues ?? []).map((issue) => `${issue.path}: ${issue.message}`));
    }
  });
});
