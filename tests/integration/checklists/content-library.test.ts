import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importLessonEntries, libraryItems, loadLibrary } from "@/lib/checklists/library";
import { createChecklist, getChecklist } from "@/lib/checklists/named";
import { closeDb } from "@/lib/db/client";
import { removeLessonFromIncident } from "@/lib/incidents/lessons";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";
import { cli } from "./cli-io";

const CONTENT = path.resolve(__dirname, "../../../content");

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(dir, path.join(entry.parentPath, entry.name))] = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
  }
  return files;
}

describe.each(databaseKinds)("lesson library through content/ on %s", (kind) => {
  let t: TestDb;
  let work: string;
  beforeAll(async () => {
    t = await openTestDb(kind, "lessons");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-lessons-int-"));
  });
  afterAll(async () => {
    await closeDb();
    await t?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("rejects a content folder with a bad lesson file as a whole (exit 2, file:line) and writes nothing", async () => {
    const broken = path.join(work, "broken");
    fs.cpSync(CONTENT, broken, { recursive: true });
    const file = path.join(broken, "lessons", "allocation-release-cohesion.md");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const patternLine = lines.findIndex((line) => line.includes("\\b(?:malloc|calloc")) + 1;
    lines[patternLine - 1] = "        - (\\w+\\s?)+;";
    fs.writeFileSync(file, lines.join("\n"));
    const result = await cli(["import", broken], t.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`allocation-release-cohesion.md:${patternLine}: items.0.appliesTo.patterns.0: pattern`);
    expect(await t.db.incident.count()).toBe(0);
    expect(await t.db.lesson.count()).toBe(0);
    expect((await cli(["content", "check", broken], t.url)).code).toBe(2);
  });

  it("imports the lessons with their items and provenance, and exports them byte-identical", async () => {
    const imported = await cli(["import", CONTENT], t.url);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("5 lesson file(s)");
    const lessons = await loadLibrary(t.db, {});
    expect(lessons).toHaveLength(5);
    const items = libraryItems(lessons);
    expect(items).toHaveLength(14);
    for (const item of items) expect(item.incidents.map((incident) => incident.slug)).toEqual(["redis-slot-migration-leak"]);
    expect(items.find((item) => item.code === "MEM-OWN-01")?.appliesTo.languages).toEqual(["c", "cpp"]);

    const first = path.join(work, "first");
    expect((await cli(["export", "--out", first], t.url)).code).toBe(0);
    expect(readTree(path.join(first, "lessons"))).toEqual(readTree(path.join(CONTENT, "lessons")));
    expect(fs.readFileSync(path.join(first, "incidents", "redis-slot-migration-leak.md"), "utf8")).toBe(fs.readFileSync(path.join(CONTENT, "incidents", "redis-slot-migration-leak.md"), "utf8"));
    expect((await cli(["import", first], t.url)).code).toBe(0);
    const second = path.join(work, "second");
    expect((await cli(["export", "--out", second], t.url)).code).toBe(0);
    expect(readTree(second)).toEqual(readTree(first));
  });

  it("keeps saved checklists across re-imports, and drops items a lesson no longer lists", async () => {
    await createChecklist(t.db, { name: "memory-review", title: "Memory review", items: ["MEM-OWN-02", "MEM-OWN-01", "BKP-CTR-01"] }, {});
    expect((await cli(["import", CONTENT], t.url)).code).toBe(0);
    expect((await getChecklist(t.db, "memory-review", {})).items.map((item) => item.code)).toEqual(["MEM-OWN-02", "MEM-OWN-01", "BKP-CTR-01"]);

    const edited = path.join(work, "edited");
    fs.cpSync(CONTENT, edited, { recursive: true });
    const file = path.join(edited, "lessons", "allocation-release-cohesion.md");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.replace(/ {2}- id: MEM-OWN-02\n(?: {4}.*\n)+/, ""));
    expect((await cli(["import", edited], t.url)).code).toBe(0);
    expect((await getChecklist(t.db, "memory-review", {})).items.map((item) => item.code)).toEqual(["MEM-OWN-01", "BKP-CTR-01"]);
    expect(await t.db.checklistItem.count()).toBe(13);
    expect((await cli(["import", CONTENT], t.url)).code).toBe(0);
  });

  it("refuses to move an item to another lesson unless both lessons are imported together", async () => {
    const lessons = await loadLibrary(t.db, {}, { slug: "review-by-feature-not-only-diff" });
    const entry = {
      slug: "review-by-feature-not-only-diff",
      title: lessons[0].title,
      tags: lessons[0].tags,
      body: lessons[0].body,
      incidents: ["redis-slot-migration-leak"],
      items: [{ id: "MEM-OWN-01", severity: "high" as const, question: "Moved?", why: "Testing.", appliesTo: { languages: [], paths: [], patterns: [] } }],
    };
    await expect(t.db.$transaction((tx) => importLessonEntries(tx, [entry]))).rejects.toThrow(/"MEM-OWN-01" belongs to lesson "allocation-release-cohesion"/);
    expect((await t.db.checklistItem.findUniqueOrThrow({ where: { code: "MEM-OWN-01" }, include: { lesson: true } })).lesson.slug).toBe("allocation-release-cohesion");
  });

  it("rolls the incidents back when the lesson part of an import fails in the database", async () => {
    const moved = path.join(work, "moved");
    fs.cpSync(CONTENT, moved, { recursive: true });
    // MEM-OWN-01 moves to another lesson while its own lesson's file is left out: a conflict only the database can see.
    fs.rmSync(path.join(moved, "lessons", "allocation-release-cohesion.md"));
    const target = path.join(moved, "lessons", "review-by-feature-not-only-diff.md");
    fs.writeFileSync(target, fs.readFileSync(target, "utf8").replace("id: REV-FEAT-02", "id: MEM-OWN-01"));
    const incident = path.join(moved, "incidents", "redis-slot-migration-leak.md");
    fs.writeFileSync(incident, fs.readFileSync(incident, "utf8").replace("\ntitle: Redis memory leak", "\ntitle: Renamed Redis memory leak"));
    expect((await cli(["content", "check", moved], t.url)).code).toBe(0);
    const result = await cli(["import", moved], t.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"MEM-OWN-01" belongs to lesson "allocation-release-cohesion"/);
    expect((await t.db.incident.findUniqueOrThrow({ where: { slug: "redis-slot-migration-leak" } })).title).toMatch(/^Redis memory leak/);
    expect(await t.db.checklistItem.findUnique({ where: { code: "REV-FEAT-02" } })).not.toBeNull();
  });

  it("keeps a lesson with checklist items when its last incident lets go of it", async () => {
    await removeLessonFromIncident(t.db, "redis-slot-migration-leak", "profiling-builds-and-retention");
    const [lesson] = await loadLibrary(t.db, {}, { slug: "profiling-builds-and-retention" });
    expect(lesson.incidents).toEqual([]);
    expect(lesson.items.map((item) => item.code)).toEqual(["OBS-PROF-01", "OBS-RET-01", "OBS-ALERT-01"]);
    // Its export is still valid content: the lesson file names no incident, and the incident no longer carries it.
    const out = path.join(work, "detached");
    expect((await cli(["export", "--out", out], t.url)).code).toBe(0);
    expect(fs.readFileSync(path.join(out, "lessons", "profiling-builds-and-retention.md"), "utf8")).toContain("incidents: []");
    expect((await cli(["content", "check", out], t.url)).code).toBe(0);
  });
});
