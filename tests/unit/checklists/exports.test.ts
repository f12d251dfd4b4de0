import { describe, expect, it } from "vitest";
import { checklistExportJsonSchema, csvField, renderChecklistExport, type ChecklistDocument } from "@/lib/checklists/exports";
import { libraryItem } from "./library-fixtures";

const OPTIONS = { baseUrl: "https://casebook.example.com" };

const DOC: ChecklistDocument = {
  title: "Memory review",
  name: "memory-review",
  source: 'checklist "memory-review"',
  items: [
    libraryItem("MEM-OWN-01", { question: "Does every caller release *owned* results, e.g. `keys[i]`?", appliesTo: { languages: ["c"], patterns: ["malloc|zmalloc"] } }),
    libraryItem("REV-FEAT-01", { severity: "medium", question: '审查调用方：是否释放了返回的 "key"，以及 a, b?', why: "第一次审查只看了 diff,\n没有看调用方。", lesson: "review-by-feature-not-only-diff" }),
  ],
};

/** A small RFC 4180 reader: enough to prove the writer's quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe("checklist exports", () => {
  it("renders the GitHub pull-request template as a task list linking each item to its lesson", () => {
    const rendered = renderChecklistExport(DOC, "github", OPTIONS);
    expect(rendered.suggestedPath).toBe(".github/pull_request_template.md");
    const tasks = rendered.body.split("\n").filter((line) => line.startsWith("- "));
    expect(tasks).toHaveLength(2);
    for (const task of tasks) expect(task).toMatch(/^- \[ \] \*\*[A-Z]+-[A-Z]+-\d{2}\*\* .+ — \[.+\]\(https:\/\/casebook\.example\.com\/lessons\/[a-z-]+#[A-Z]+-[A-Z]+-\d{2}\)$/);
    // Markdown in the question is shown literally (no emphasis), code spans stay code.
    expect(tasks[0]).toContain("release \\*owned\\* results, e.g. `keys[i]`?");
    expect(tasks[0]).toContain("(https://casebook.example.com/lessons/allocation-release-cohesion#MEM-OWN-01)");
    expect(rendered.body.startsWith("<!-- ")).toBe(true);
    expect(rendered.body.match(/-->/g)).toHaveLength(1);
  });

  it("keeps a title with comment syntax from closing the header comment", () => {
    const body = renderChecklistExport({ ...DOC, title: "Sneaky --> <b>title</b>" }, "gitlab", OPTIONS).body;
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(renderChecklistExport(DOC, "gitlab", OPTIONS).suggestedPath).toBe(".gitlab/merge_request_templates/memory-review.md");
  });

  it("writes CSV that a strict reader reads back: commas, quotes, newlines and Chinese text intact", () => {
    const rendered = renderChecklistExport(DOC, "csv", OPTIONS);
    expect(rendered.body.startsWith("\uFEFF")).toBe(true);
    expect(rendered.body.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(rendered.body.slice(1));
    expect(rows[0]).toEqual(["id", "severity", "question", "why", "lesson", "lesson_url", "incidents", "languages", "paths", "patterns"]);
    expect(rows).toHaveLength(3);
    expect(rows[2][2]).toBe('审查调用方：是否释放了返回的 "key"，以及 a, b?');
    expect(rows[2][3]).toBe("第一次审查只看了 diff,\n没有看调用方。");
    expect(rows[1][9]).toBe("malloc|zmalloc");
    expect(rows.every((row) => row.length === 10)).toBe(true);
  });

  it("quotes exactly the fields that need it and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("内存泄漏")).toBe("内存泄漏");
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1,2")).toBe(`"'-1,2"`);
  });

  it("writes JSON that matches the published schema, with links back to lessons and incidents", () => {
    const rendered = renderChecklistExport(DOC, "json", OPTIONS);
    const parsed = checklistExportJsonSchema.parse(JSON.parse(rendered.body));
    expect(parsed.items.map((item) => item.id)).toEqual(["MEM-OWN-01", "REV-FEAT-01"]);
    expect(parsed.items[0].lesson.url).toBe("https://casebook.example.com/lessons/allocation-release-cohesion#MEM-OWN-01");
    expect(parsed.items[0].incidents).toEqual([{ slug: "redis-slot-migration-leak", title: "Redis memory leak after slot migration", url: "https://casebook.example.com/incidents/redis-slot-migration-leak" }]);
    expect(checklistExportJsonSchema.safeParse({ ...parsed, items: [{ ...parsed.items[0], severity: "urgent" }] }).success).toBe(false);
  });

  it("writes plain Markdown with the why, the rules and the provenance of each item", () => {
    const body = renderChecklistExport(DOC, "md", { baseUrl: "" }).body;
    expect(body).toMatch(/^# Memory review\n/);
    expect(body).toContain("## MEM-OWN-01 · high");
    expect(body).toContain("**Applies to:** languages c; code matching `malloc|zmalloc`");
    expect(body).toContain("**learnt from:** [Redis memory leak after slot migration](/incidents/redis-slot-migration-leak)");
    expect(body).toContain("**Applies to:** every change");
  });

  it("is deterministic: the same checklist exports to the same bytes", () => {
    for (const format of ["github", "gitlab", "md", "json", "csv"] as const) {
      expect(renderChecklistExport(DOC, format, OPTIONS).body).toBe(renderChecklistExport(structuredClone(DOC), format, OPTIONS).body);
    }
  });
});
