/**
 * Reading runbook content from disk: `content/runbooks/<name>/runbook.yaml` and `*.md` steps.
 * The app loads a library once per process (content ships with the build); the content check reads
 * afresh and cross-checks lesson slugs against the incidents.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../db/config";
import type { PortableIncident } from "../content/portable";
import { isCasebookError, NotFoundError, UnprocessableError, type ErrorIssue } from "../errors";
import { buildStepLibrary, type LibraryOptions } from "./library";
import type { StepLibrary } from "./step-schema";

export const RUNBOOK_FILE = "runbook.yaml";
export const MEMORY_LEAK_RUNBOOK = "memory-leak";

export function runbooksDir(contentRoot = path.join(projectRoot(), "content")): string {
  return path.join(contentRoot, "runbooks");
}

/** Reads and validates one runbook folder; throws UnprocessableError with `file:line` issues. */
export async function readStepLibrary(dir: string, options: LibraryOptions = {}): Promise<StepLibrary> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError(`no runbook folder ${dir}`);
    throw error;
  }
  const runbookPath = path.join(dir, RUNBOOK_FILE);
  let runbookText: string;
  try {
    runbookText = await fs.readFile(runbookPath, "utf8");
  } catch {
    runbookText = "";
  }
  const steps = await Promise.all(
    names.filter((name) => name.endsWith(".md") && name !== "README.md").map(async (name) => {
      const file = path.join(dir, name);
      return { file, text: await fs.readFile(file, "utf8") };
    }),
  );
  return buildStepLibrary(path.basename(dir), { file: runbookPath, text: runbookText }, steps, options);
}

const loaded = new Map<string, Promise<StepLibrary>>();

/** The library the app and the CLI generate from, parsed once per process. */
export function stepLibrary(name = MEMORY_LEAK_RUNBOOK): Promise<StepLibrary> {
  const dir = path.join(runbooksDir(), name);
  let library = loaded.get(dir);
  if (!library) {
    library = readStepLibrary(dir);
    // A failed load is not cached: fixing the content and retrying must work without a restart.
    library.catch(() => loaded.delete(dir));
    loaded.set(dir, library);
  }
  return library;
}

/**
 * Validates every runbook under `<contentRoot>/runbooks/` for `casebook content check`. Returns the
 * libraries and every issue of every runbook (an absent runbooks folder holds none).
 */
export async function checkRunbookContent(contentRoot: string, options: LibraryOptions = {}): Promise<{ libraries: StepLibrary[]; issues: ErrorIssue[] }> {
  const root = runbooksDir(contentRoot);
  let names: string[];
  try {
    names = (await fs.readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { libraries: [], issues: [] };
    throw error;
  }
  const libraries: StepLibrary[] = [];
  const issues: ErrorIssue[] = [];
  for (const name of names) {
    try {
      libraries.push(await readStepLibrary(path.join(root, name), options));
    } catch (error) {
      if (!isCasebookError(error) || !error.issues?.length) throw error;
      issues.push(...error.issues);
    }
  }
  return { libraries, issues };
}

/**
 * `casebook content check`: every runbook under the content root, with lesson slugs checked against the
 * (already validated) incidents. Throws one UnprocessableError listing every `file:line: reason`.
 */
export async function validateRunbookContent(contentRoot: string, incidents: PortableIncident[]): Promise<StepLibrary[]> {
  const knownLessons = new Set(incidents.flatMap((incident) => incident.lessons.map((lesson) => lesson.slug)));
  const { libraries, issues } = await checkRunbookContent(contentRoot, { knownLessons });
  if (issues.length) {
    const listing = issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n");
    throw new UnprocessableError(`${issues.length} problem${issues.length === 1 ? "" : "s"} in ${runbooksDir(contentRoot)}:\n${listing}`, issues);
  }
  return libraries;
}
