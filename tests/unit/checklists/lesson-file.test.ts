import { describe, expect, it } from "vitest";
import { parseLessonFile, renderLessonFile } from "@/lib/checklists/lesson-file";
import type { PortableLessonEntryInput } from "@/lib/checklists/schema";
import { UnprocessableError } from "@/lib/errors";

const LESSON: PortableLessonEntryInput = {
  slug: "allocation-release-cohesion",
  title: "Keep allocation and release together",
  tags: ["memory", "api-design"],
  incidents: ["zeta-incident", "redis-slot-migration-leak"],
  items: [
    {
      id: "MEM-OWN-01",
      severity: "high",
      question: "Does every caller release what the function now allocates?",
      why: "getKeysInSlot began returning new objects: \"6.47 million\" keys leaked.",
      appliesTo: { languages: ["c"], paths: ["src/**/*.{c,h}"], patterns: ["malloc|zmalloc|createStringObject"] },
    },
    { id: "REV-FEAT-01", severity: "medium", question: "Did you read the callers?", why: "The diff alone hid the bug." },
  ],
  body: "First paragraph with `code`.\n\n---\n\n- a list\n",
};

function problems(text: string, file = "content/lessons/allocation-release-cohesion.md"): string[] {
  try {
    parseLessonFile(text, file);
  } catch (error) {
    if (error instanceof UnprocessableError) return (error.issues ?? []).map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

const rendered = renderLessonFile(LESSON);
const withLine = (line: number, replacement: string) => rendered.split("\n").map((text, index) => (index === line - 1 ? replacement : text)).join("\n");
const lineOf = (needle: string) => rendered.split("\n").findIndex((line) => line.includes(needle)) + 1;

describe("lesson files", () => {
  it("round-trips: render → parse → render gives the same bytes, body verbatim", () => {
    const parsed = parseLessonFile(rendered, "content/lessons/allocation-release-cohesion.md").lesson;
    expect(parsed.body).toBe(LESSON.body);
    expect(parsed.incidents).toEqual(["redis-slot-migration-leak", "zeta-incident"]);
    expect(parsed.items[1].appliesTo).toEqual({ languages: [], paths: [], patterns: [] });
    expect(renderLessonFile(parsed)).toBe(rendered);
    expect(rendered.endsWith("- a list\n\n")).toBe(true);
  });

  it("keeps empty and whitespace-edged bodies exactly", () => {
    for (const body of ["", "\n", "  indented\n", "\n\nafter blank lines"]) {
      const text = renderLessonFile({ ...LESSON, body });
      expect(parseLessonFile(text, "x/allocation-release-cohesion.md").lesson.body).toBe(body);
    }
  });

  it("reads CRLF files and a body written without the blank line", () => {
    const crlf = rendered.replace(/\n/g, "\r\n");
    expect(parseLessonFile(crlf, "allocation-release-cohesion.md").lesson.body).toBe(LESSON.body);
    const tight = rendered.replace("---\n\nFirst", "---\nFirst");
    expect(parseLessonFile(tight, "allocation-release-cohesion.md").lesson.body).toBe(LESSON.body);
  });

  it("reports an invalid pattern, glob, language and severity at their lines", () => {
    const patternLine = lineOf("- malloc|zmalloc");
    const text = withLine(patternLine, "        - (a+)+b");
    expect(problems(text)).toEqual([expect.stringMatching(new RegExp(`:${patternLine}: items\\.0\\.appliesTo\\.patterns\\.0: pattern "\\(a\\+\\)\\+b" repeats a group`))]);

    const globLine = lineOf("src/**/*.{c,h}");
    expect(problems(withLine(globLine, "        - src/{a,b"))[0]).toMatch(new RegExp(`:${globLine}: .*glob "src/\\{a,b" has a \`\\{\` that is never closed`));

    const languageLine = lineOf("        - c");
    expect(problems(withLine(languageLine, "        - golang"))[0]).toMatch(new RegExp(`:${languageLine}: items\\.0\\.appliesTo\\.languages\\.0: must be one of c, cpp`));

    const severityLine = lineOf("severity: high");
    expect(problems(withLine(severityLine, "    severity: urgent"))[0]).toMatch(new RegExp(`:${severityLine}: items\\.0\\.severity: must be one of critical, high, medium, low`));
  });

  it("reports a bad item id, a missing why and unknown fields at their lines", () => {
    const idLine = lineOf("id: MEM-OWN-01");
    expect(problems(withLine(idLine, "  - id: mem-own-1"))[0]).toMatch(new RegExp(`:${idLine}: items\\.0\\.id: must look like MEM-OWN-01`));
    const whyLine = lineOf("why: The diff alone");
    expect(problems(withLine(whyLine, "    why: ''"))[0]).toMatch(new RegExp(`:${whyLine}: items\\.1\\.why: must say why`));
    const questionLine = lineOf("question: Did you read the callers?");
    expect(problems(withLine(questionLine, "    question: Did you read the callers?\n    lesson: other"))[0]).toMatch(new RegExp(`:${questionLine + 1}: items\\.1\\.lesson: is not a known field`));
  });

  it("rejects items outside a lesson: a file with items but no lesson title", () => {
    const text = rendered.replace(/^title: .*\n/m, "");
    expect(problems(text)).toEqual([expect.stringMatching(/allocation-release-cohesion\.md:\d+: title: is required — checklist items belong to the lesson they came from/)]);
  });

  it("requires the slug to match the file name, and frontmatter at all", () => {
    expect(problems(rendered, "content/lessons/other-name.md")[0]).toMatch(/other-name\.md:3: slug "allocation-release-cohesion" does not match the file name/);
    expect(problems("no frontmatter")[0]).toMatch(/:1: a content file starts with YAML frontmatter/);
    expect(problems("---\ntitle: [unclosed\n---\n")[0]).toMatch(/:2: invalid YAML/);
  });
});
