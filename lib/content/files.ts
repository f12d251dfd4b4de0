import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { attachmentLimitBytes } from "@/lib/domain";
import { isCasebookError, UnprocessableError, type ErrorIssue } from "@/lib/errors";
import { parseIncidentFileDetailed } from "./parse";
import { memberLocations, type PortableIncident, type PortableLesson } from "./portable";
import { renderIncidentFile } from "./render";

export { parseIncidentJson, renderIncidentJson } from "./json";

/**
 * A content folder holds `<slug>.md` per incident and, for incidents with attachments,
 * `<slug>.files/<filename>` with the bytes.
 */
const FILES_SUFFIX = ".files";

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

function issuesOf(error: unknown): ErrorIssue[] {
  if (isCasebookError(error) && error.issues?.length) return error.issues;
  throw error;
}

/**
 * Reads and validates every incident of a content folder, attachment bytes included. All or nothing:
 * when anything is wrong, `incidents` is empty and `issues` lists every problem of every file as
 * `{ path: "file:line", message }`. A missing folder holds no incidents.
 */
export async function scanContentDir(dir: string): Promise<{ incidents: PortableIncident[]; issues: ErrorIssue[] }> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch (error) {
    if (isNotFound(error)) return { incidents: [], issues: [] };
    throw error;
  }
  const issues: ErrorIssue[] = [];
  const incidents: PortableIncident[] = [];
  const lessonSeenIn = new Map<string, { lesson: PortableLesson; where: string }>();
  const limit = attachmentLimitBytes();

  for (const name of names.filter((n) => n.endsWith(".md"))) {
    const file = path.join(dir, name);
    let parsed;
    try {
      parsed = parseIncidentFileDetailed(await fs.readFile(file, "utf8"), file);
    } catch (error) {
      issues.push(...issuesOf(error));
      continue;
    }
    const { incident, attachmentLines, lessonLines, memberLines } = parsed;
    const at = (line: number | undefined) => `${file}:${line ?? 1}`;
    memberLocations.set(incident, new Map([...memberLines].map(([email, line]) => [email, at(line)])));

    for (const lesson of incident.lessons) {
      const seen = lessonSeenIn.get(lesson.slug);
      const where = at(lessonLines.get(lesson.slug));
      if (!seen) lessonSeenIn.set(lesson.slug, { lesson, where });
      else if (JSON.stringify(seen.lesson) !== JSON.stringify(lesson)) {
        issues.push({ path: where, message: `lesson "${lesson.slug}" differs from the one at ${seen.where}; lessons are shared between incidents, so keep their title, tags and text identical` });
      }
    }

    const filesDir = path.join(dir, `${incident.slug}${FILES_SUFFIX}`);
    const listed = new Set(incident.attachments.map((attachment) => attachment.filename));
    for (const attachment of incident.attachments) {
      const where = at(attachmentLines.get(attachment.filename));
      const relative = `${incident.slug}${FILES_SUFFIX}/${attachment.filename}`;
      let data: Uint8Array;
      try {
        data = new Uint8Array(await fs.readFile(path.join(filesDir, attachment.filename)));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        issues.push({ path: where, message: `attachment file ${relative} is missing` });
        continue;
      }
      if (data.byteLength > limit) issues.push({ path: where, message: `${relative} is ${data.byteLength} bytes, over the attachment limit of ${limit}` });
      if (data.byteLength !== attachment.size) issues.push({ path: where, message: `${relative} is ${data.byteLength} bytes, but the marker says size ${attachment.size}` });
      const digest = sha256(data);
      if (digest !== attachment.sha256) issues.push({ path: where, message: `${relative} has sha256 ${digest}, but the marker says ${attachment.sha256}` });
      attachment.data = data;
    }
    for (const stray of await listDir(filesDir)) {
      if (!listed.has(stray)) {
        issues.push({ path: at(1), message: `${incident.slug}${FILES_SUFFIX}/${stray} is not listed under Attachments (add a casebook:attachment marker or delete the file)` });
      }
    }
    incidents.push(incident);
  }

  const slugs = new Set(incidents.map((incident) => incident.slug));
  for (const name of names.filter((n) => n.endsWith(FILES_SUFFIX))) {
    const slug = name.slice(0, -FILES_SUFFIX.length);
    if (!slugs.has(slug) && !names.includes(`${slug}.md`)) {
      issues.push({ path: `${path.join(dir, name)}:1`, message: `attachment folder without an incident file ${slug}.md` });
    }
  }
  return issues.length ? { incidents: [], issues } : { incidents, issues };
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** scanContentDir that throws one UnprocessableError listing every `file:line: reason` when anything is wrong. */
export async function readContentDir(dir: string): Promise<PortableIncident[]> {
  const { incidents, issues } = await scanContentDir(dir);
  if (issues.length) {
    const listing = issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n");
    throw new UnprocessableError(`${issues.length} problem${issues.length === 1 ? "" : "s"} in ${dir}:\n${listing}`, issues);
  }
  return incidents;
}

/**
 * Writes `<slug>.md` and `<slug>.files/*` for each incident. Everything is rendered and checked
 * before the first write (attachments need their bytes, matching size and sha256). Files of other
 * incidents in the folder are left alone; stale attachment files of the written incidents are removed.
 * Returns the paths written.
 */
export async function writeContentDir(dir: string, incidents: PortableIncident[]): Promise<string[]> {
  const issues: ErrorIssue[] = [];
  const planned: { slug: string; text: string; files: Map<string, Uint8Array> }[] = [];
  const slugs = new Set<string>();
  for (const incident of incidents) {
    const where = `${incident.slug}.md`;
    if (slugs.has(incident.slug)) issues.push({ path: where, message: "the same incident is given twice" });
    slugs.add(incident.slug);
    let text: string;
    try {
      text = renderIncidentFile(incident);
    } catch (error) {
      issues.push(...issuesOf(error).map((issue) => ({ path: `${where} ${issue.path}`, message: issue.message })));
      continue;
    }
    const files = new Map<string, Uint8Array>();
    for (const attachment of incident.attachments) {
      const { data } = attachment;
      if (!data) issues.push({ path: where, message: `attachment "${attachment.filename}" has no bytes to write` });
      else if (data.byteLength !== attachment.size || sha256(data) !== attachment.sha256) {
        issues.push({ path: where, message: `attachment "${attachment.filename}" bytes do not match its size/sha256` });
      } else files.set(attachment.filename, data);
    }
    planned.push({ slug: incident.slug, text, files });
  }
  if (issues.length) throw new UnprocessableError(`cannot write ${issues.length} part(s) of the content`, issues);

  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const { slug, text, files } of planned) {
    const mdPath = path.join(dir, `${slug}.md`);
    await writeAtomically(mdPath, text);
    written.push(mdPath);
    const filesDir = path.join(dir, `${slug}${FILES_SUFFIX}`);
    if (files.size) await fs.mkdir(filesDir, { recursive: true });
    for (const [filename, data] of files) {
      const target = path.join(filesDir, filename);
      await writeAtomically(target, data);
      written.push(target);
    }
    for (const stale of await listDir(filesDir)) if (!files.has(stale)) await fs.rm(path.join(filesDir, stale), { recursive: true, force: true });
    if (!files.size) await fs.rm(filesDir, { recursive: true, force: true });
  }
  return written;
}

/** Readers never see half a file: write beside the target, then rename over it. */
async function writeAtomically(target: string, content: string | Uint8Array) {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, target);
}
