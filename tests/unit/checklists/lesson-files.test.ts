import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lessonMarkerLines, readContentLessons, scanLessonDir } from "@/lib/checklists/lesson-files";
import { readContentDir } from "@/lib/content/files";

const CONTENT = path.resolve(__dirname, "../../../content");
const temporary: string[] = [];

/** A copy of the project's content root (incidents and lessons) to break on purpose. */
function copyContent(): { root: string; incidents: string; lessons: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-lessons-"));
  temporary.push(root);
  fs.cpSync(path.join(CONTENT, "incidents"), path.join(root, "incidents"), { recursive: true });
  fs.cpSync(path.join(CONTENT, "lessons"), path.join(root, "lessons"), { recursive: true });
  return { root, incidents: path.join(root, "incidents"), lessons: path.join(root, "lessons") };
}

function edit(file: string, from: string | RegExp, to: string) {
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  fs.writeFileSync(file, next);
}

async function issuesOf(dirs: { root: string; incidents: string; lessons: string }): Promise<string[]> {
  const incidents = await readContentDir(dirs.incidents);
  const { issues } = await scanLessonDir(dirs.lessons, incidents, dirs.incidents);
  return issues.map((issue) => `${path.relative(dirs.root, issue.path.replace(/:\d+$/, ""))}:${issue.path.match(/:(\d+)$/)![1]}: ${issue.message}`);
}

afterEach(() => {
  for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the lessons folder against the incident files", () => {
  it("accepts the project's content: five lessons, each with two to four items, learnt from the worked example", async () => {
    const incidents = await readContentDir(path.join(CONTENT, "incidents"));
    const lessons = await readContentLessons(CONTENT, incidents, path.join(CONTENT, "incidents"));
    expect(lessons.map((lesson) => lesson.slug)).toEqual([
      "allocation-release-cohesion",
      "backport-with-callers-contract",
      "dynamic-and-online-leak-tools",
      "profiling-builds-and-retention",
      "review-by-feature-not-only-diff",
    ]);
    for (const lesson of lessons) {
      expect(lesson.items.length).toBeGreaterThanOrEqual(2);
      expect(lesson.items.length).toBeLessThanOrEqual(4);
      expect(lesson.incidents).toEqual(["redis-slot-migration-leak"]);
    }
    expect(lessons[0].items[0].appliesTo.patterns[0]).toMatch(/zmalloc\|/);
  });

  it("rejects a lesson whose text differs from its copy in an incident file, pointing at both", async () => {
    const dirs = copyContent();
    edit(path.join(dirs.lessons, "review-by-feature-not-only-diff.md"), "Reading whole features", "Reading entire features");
    const incidentLine = lessonMarkerLines(fs.readFileSync(path.join(dirs.incidents, "redis-slot-migration-leak.md"), "utf8")).get("review-by-feature-not-only-diff");
    expect(await issuesOf(dirs)).toEqual([
      expect.stringMatching(new RegExp(`^lessons/review-by-feature-not-only-diff\\.md:\\d+: the lesson's text differs from its copy in .*redis-slot-migration-leak\\.md:${incidentLine};`)),
    ]);
  });

  it("rejects a title or tags that disagree, at the line of the field", async () => {
    const dirs = copyContent();
    const file = path.join(dirs.lessons, "allocation-release-cohesion.md");
    edit(file, "title: Keep allocation and release together", "title: Keep them together");
    edit(file, "  - api-design\n", "  - api\n");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const issues = await issuesOf(dirs);
    expect(issues).toEqual([
      expect.stringContaining(`allocation-release-cohesion.md:${lines.indexOf("title: Keep them together") + 1}: the lesson's title differs`),
      expect.stringContaining(`allocation-release-cohesion.md:${lines.indexOf("tags:") + 1}: the lesson's tags differ`),
    ]);
  });

  it("checks the incidents list both ways", async () => {
    const dirs = copyContent();
    const file = path.join(dirs.lessons, "backport-with-callers-contract.md");
    edit(file, "incidents:\n  - redis-slot-migration-leak\n", "incidents:\n  - no-such-incident\n");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    expect(await issuesOf(dirs)).toEqual([
      expect.stringMatching(new RegExp(`backport-with-callers-contract\\.md:${lines.indexOf("incidents:") + 1}: incident "redis-slot-migration-leak" carries this lesson \\(.*\\.md:\\d+\\); list it under incidents`)),
      expect.stringMatching(new RegExp(`backport-with-callers-contract\\.md:${lines.indexOf("  - no-such-incident") + 1}: there is no incident "no-such-incident"`)),
    ]);
  });

  it("rejects an item id used by two lessons, naming the first place", async () => {
    const dirs = copyContent();
    edit(path.join(dirs.lessons, "review-by-feature-not-only-diff.md"), "id: REV-FEAT-02", "id: MEM-OWN-01");
    const issues = await issuesOf(dirs);
    expect(issues).toEqual([expect.stringMatching(/review-by-feature-not-only-diff\.md:\d+: checklist item id "MEM-OWN-01" is already used at .*allocation-release-cohesion\.md:\d+/)]);
  });

  it("reports every broken file at once and loads nothing", async () => {
    const dirs = copyContent();
    edit(path.join(dirs.lessons, "allocation-release-cohesion.md"), "severity: high", "severity: urgent");
    edit(path.join(dirs.lessons, "profiling-builds-and-retention.md"), /retention\|retain\|ttl\|downsampl/, "(a|b)*");
    const incidents = await readContentDir(dirs.incidents);
    const result = await scanLessonDir(dirs.lessons, incidents, dirs.incidents);
    expect(result.lessons).toEqual([]);
    expect(result.issues.map((issue) => path.basename(issue.path).replace(/:\d+$/, ""))).toEqual(["allocation-release-cohesion.md", "profiling-builds-and-retention.md"]);
  });

  it("treats a folder without lesson files, and a plain incident folder, as holding none", async () => {
    const incidents = await readContentDir(path.join(CONTENT, "incidents"));
    expect(await readContentLessons(path.join(CONTENT, "incidents"), incidents, path.join(CONTENT, "incidents"))).toEqual([]);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-nolessons-"));
    temporary.push(empty);
    expect((await scanLessonDir(path.join(empty, "lessons"), incidents, path.join(CONTENT, "incidents"))).lessons).toEqual([]);
  });
});
