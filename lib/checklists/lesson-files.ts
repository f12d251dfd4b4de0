/**
 * The `lessons/` folder of a content root, checked against the incident files of the same root.
 *
 * How lesson files relate to incident files: an incident file keeps its lessons inline (title, tags,
 * text) so it stays complete on its own — readable on GitHub, importable alone. The lesson file is
 * the home of what only the library has: the checklist items and the list of incidents the lesson was
 * learnt from. Where both say something, they must agree, and the check rejects any disagreement at
 * `file:line` on both sides. Export writes both from the one database row, so they never drift when
 * lessons are edited in the app. A lesson carried by incidents may lack a lesson file (it then has no
 * checklist items); a lesson file may name no incident (e.g. after its incident was deleted).
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { readMarker } from "../content/markers";
import type { PortableIncident } from "../content/portable";
import { isCasebookError, UnprocessableError, type ErrorIssue } from "../errors";
import { parseLessonFile, renderLessonFile, type ParsedLessonFile } from "./lesson-file";
import type { PortableLessonEntry } from "./schema";

export const LESSONS_FOLDER = "lessons";

/**
 * The lessons folder of a content root (`ROOT/lessons`), or null when `root` is a plain folder of
 * incident files rather than a content root (it has no `incidents/` subfolder).
 */
export function lessonsDirOf(root: string): string | null {
  const isDir = (dir: string) => fs.existsSync(dir) && fs.statSync(dir).isDirectory();
  return isDir(path.join(root, "incidents")) ? path.join(root, LESSONS_FOLDER) : null;
}

interface Located {
  file: string;
  parsed: ParsedLessonFile;
}

/** Where each lesson marker sits in an incident file's text: slug → line. A light scan, not a parse. */
export function lessonMarkerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    const marker = readMarker(line);
    if (marker?.role !== "open" || marker.type !== "lesson" || marker.json === undefined) return;
    try {
      const slug = (JSON.parse(marker.json) as { slug?: unknown }).slug;
      if (typeof slug === "string") lines.set(slug, index + 1);
    } catch {
      // The incident check reports broken marker JSON; this scan only needs the good ones.
    }
  });
  return lines;
}

/**
 * Reads and checks every lesson file of `lessonsDir` against the (already validated) incidents of
 * `incidentsDir`. All or nothing: with any issue, `lessons` is empty. A missing folder holds none.
 */
export async function scanLessonDir(
  lessonsDir: string,
  incidents: PortableIncident[],
  incidentsDir: string,
): Promise<{ lessons: PortableLessonEntry[]; issues: ErrorIssue[] }> {
  let names: string[];
  try {
    names = (await fsp.readdir(lessonsDir)).filter((name) => name.endsWith(".md") && name !== "README.md").sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lessons: [], issues: [] };
    throw error;
  }
  const issues: ErrorIssue[] = [];
  const files: Located[] = [];
  for (const name of names) {
    const file = path.join(lessonsDir, name);
    try {
      files.push({ file, parsed: parseLessonFile(await fsp.readFile(file, "utf8"), file) });
    } catch (error) {
      if (!isCasebookError(error) || !error.issues?.length) throw error;
      issues.push(...error.issues);
    }
  }
  issues.push(...duplicateItemIssues(files));
  issues.push(...(await incidentAgreementIssues(files, incidents, incidentsDir)));
  return issues.length ? { lessons: [], issues } : { lessons: files.map(({ parsed }) => parsed.lesson), issues };
}

function duplicateItemIssues(files: Located[]): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const seen = new Map<string, string>();
  for (const { file, parsed } of files) {
    parsed.lesson.items.forEach((item, index) => {
      const where = `${file}:${parsed.lineOf(["items", index, "id"])}`;
      const first = seen.get(item.id);
      if (first) issues.push({ path: where, message: `checklist item id "${item.id}" is already used at ${first}; item ids are unique across the library` });
      else seen.set(item.id, where);
    });
  }
  return issues;
}

async function incidentAgreementIssues(files: Located[], incidents: PortableIncident[], incidentsDir: string): Promise<ErrorIssue[]> {
  const issues: ErrorIssue[] = [];
  const bySlug = new Map(incidents.map((incident) => [incident.slug, incident]));
  const markerLines = new Map<string, Map<string, number>>();
  const incidentWhere = async (incidentSlug: string, lessonSlug: string) => {
    const file = path.join(incidentsDir, `${incidentSlug}.md`);
    if (!markerLines.has(incidentSlug)) markerLines.set(incidentSlug, lessonMarkerLines(await fsp.readFile(file, "utf8")));
    return `${file}:${markerLines.get(incidentSlug)!.get(lessonSlug) ?? 1}`;
  };

  for (const { file, parsed } of files) {
    const { lesson, lineOf, bodyLine } = parsed;
    const at = (line: number) => `${file}:${line}`;
    const carriers = incidents.filter((incident) => incident.lessons.some((copy) => copy.slug === lesson.slug));
    for (const incident of carriers) {
      const copy = incident.lessons.find((candidate) => candidate.slug === lesson.slug)!;
      const differing: [string, number][] = [];
      if (copy.title !== lesson.title) differing.push(["title", lineOf(["title"])]);
      if (JSON.stringify(copy.tags) !== JSON.stringify(lesson.tags)) differing.push(["tags", lineOf(["tags"])]);
      if (copy.body !== lesson.body) differing.push(["text", bodyLine]);
      for (const [field, line] of differing) {
        issues.push({
          path: at(line),
          message: `the lesson's ${field} ${field === "tags" ? "differ" : "differs"} from its copy in ${await incidentWhere(incident.slug, lesson.slug)}; a lesson reads the same in its lesson file and in every incident file that carries it`,
        });
      }
      if (!lesson.incidents.includes(incident.slug)) {
        issues.push({ path: at(lineOf(["incidents"])), message: `incident "${incident.slug}" carries this lesson (${await incidentWhere(incident.slug, lesson.slug)}); list it under incidents` });
      }
    }
    for (const slug of lesson.incidents) {
      if (carriers.some((incident) => incident.slug === slug)) continue;
      issues.push({
        path: at(parsed.incidentLines.get(slug) ?? lineOf(["incidents"])),
        message: bySlug.has(slug)
          ? `incident "${slug}" does not carry this lesson; add it under Lessons in ${path.join(incidentsDir, `${slug}.md`)} or remove it here`
          : `there is no incident "${slug}" (no ${path.join(incidentsDir, `${slug}.md`)})`,
      });
    }
  }
  return issues;
}

/** scanLessonDir that throws one UnprocessableError listing every `file:line: reason`. */
export async function readLessonDir(lessonsDir: string, incidents: PortableIncident[], incidentsDir: string): Promise<PortableLessonEntry[]> {
  const { lessons, issues } = await scanLessonDir(lessonsDir, incidents, incidentsDir);
  if (issues.length) {
    const listing = issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n");
    throw new UnprocessableError(`${issues.length} problem${issues.length === 1 ? "" : "s"} in ${lessonsDir}:\n${listing}`, issues);
  }
  return lessons;
}

/**
 * Writes `<slug>.md` per lesson, everything rendered (and so validated) before the first write.
 * Files of other lessons in the folder are left alone. Returns the paths written.
 */
export async function writeLessonDir(lessonsDir: string, lessons: PortableLessonEntry[]): Promise<string[]> {
  const planned = lessons.map((lesson) => ({ target: path.join(lessonsDir, `${lesson.slug}.md`), text: renderLessonFile(lesson) }));
  await fsp.mkdir(lessonsDir, { recursive: true });
  for (const { target, text } of planned) {
    // Readers never see half a file: write beside the target, then rename over it.
    const temporary = path.join(lessonsDir, `.${path.basename(target)}.${process.pid}.tmp`);
    await fsp.writeFile(temporary, text);
    await fsp.rename(temporary, target);
  }
  return planned.map(({ target }) => target);
}

/** The lesson files of a content root, checked against its incidents; none for a plain incident folder. */
export async function readContentLessons(root: string, incidents: PortableIncident[], incidentsDir: string): Promise<PortableLessonEntry[]> {
  const lessonsDir = lessonsDirOf(root);
  return lessonsDir ? readLessonDir(lessonsDir, incidents, incidentsDir) : [];
}
