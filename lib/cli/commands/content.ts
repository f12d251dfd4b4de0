import fs from "node:fs";
import path from "node:path";
import { exportLessonEntries, importLessonEntries } from "../../checklists/library";
import { LESSONS_FOLDER, readContentLessons, writeLessonDir } from "../../checklists/lesson-files";
import { exportNamedChecklists, importNamedChecklists, readNamedChecklistsFile, writeNamedChecklistsFile } from "../../checklists/named-backup";
import { readContentDir, writeContentDir } from "../../content/files";
import { getDb } from "../../db/client";
import { assertIncidentVisible, hiddenIncidentIds } from "../../auth/visibility";
import { cliViewer, TOKEN_CLI_OPTION } from "../auth";
import { projectRoot } from "../../db/config";
import { InvalidInputError } from "../../errors";
import { countIncidents, exportAllIncidents, exportIncident, importPortables } from "../../incidents/import-export";
import { validateRunbookContent } from "../../runbooks/load";
import { parseCliArgs } from "../args";
import type { CliCommand, CliIO } from "../command";

/** A content root holds `incidents/`; a plain folder of incident files is accepted too. */
export function incidentsDir(dir: string): string {
  const nested = path.join(dir, "incidents");
  return fs.existsSync(nested) && fs.statSync(nested).isDirectory() ? nested : dir;
}

function resolveDir(io: CliIO, given: string | undefined): string {
  const dir = path.resolve(io.cwd, given ?? path.join(projectRoot(), "content"));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InvalidInputError(`no such folder: ${dir}`);
  return dir;
}

const importCommand: CliCommand = {
  path: ["import"],
  summary: "Import content/incidents/*.md and content/lessons/*.md into the database, all-or-nothing (--if-empty: only into an empty database)",
  usage: "casebook import [DIR] [--if-empty] [--token T]\n  DIR defaults to the project's content/ folder; one invalid file rejects the batch (exit 2, file:line: reason).",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { "if-empty": { type: "boolean" }, ...TOKEN_CLI_OPTION });
    if (positionals.length > 1) throw new InvalidInputError("give at most one folder");
    const root = resolveDir(io, positionals[0]);
    const dir = incidentsDir(root);
    const db = await getDb(io.env);
    if (values["if-empty"] && (await countIncidents(db)) > 0) {
      io.stdout.write("The database already has incidents; nothing imported.\n");
      return 0;
    }
    // Loading the examples into an empty database (npm start) needs no token; replacing incidents does.
    if (!values["if-empty"]) await cliViewer(db, io, values.token, "write", "import");
    const incidents = await readContentDir(dir);
    const lessons = await readContentLessons(root, incidents, dir);
    const checklists = await readNamedChecklistsFile(root);
    const result = await importPortables(db, incidents, "import", {
      alsoInTransaction: async (tx) => {
        await importLessonEntries(tx, lessons);
        await importNamedChecklists(tx, checklists);
      },
    });
    io.stdout.write(`Imported ${incidents.length} incident(s) from ${dir}: ${result.created.length} created, ${result.updated.length} replaced.${lessons.length ? ` ${lessons.length} lesson file(s) with their checklist items.` : ""}${checklists.length ? ` ${checklists.length} named checklist(s).` : ""}\n`);
    return 0;
  },
};

const exportCommand: CliCommand = {
  path: ["export"],
  summary: "Export incidents, lessons and named checklists as content files (OUT/incidents/<slug>.md + attachments, OUT/lessons/<slug>.md, OUT/checklists.json)",
  usage: "casebook export --out DIR [--slug SLUG] [--token T]\n  With --slug only that incident is written (no lesson files).",
  async run(args, io) {
    const { values } = parseCliArgs(args, { out: { type: "string" }, slug: { type: "string" }, ...TOKEN_CLI_OPTION }, false);
    if (!values.out) throw new InvalidInputError("--out DIR is required");
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, values.token, "read", "export");
    if (values.slug) await assertIncidentVisible(db, viewer, values.slug);
    // Restricted incidents the token's owner may not see are left out.
    const hidden = new Set((await db.incident.findMany({ where: { id: { in: await hiddenIncidentIds(db, viewer) } }, select: { slug: true } })).map((row) => row.slug));
    const incidents = values.slug ? [await exportIncident(db, values.slug)] : (await exportAllIncidents(db)).filter((incident) => !hidden.has(incident.slug));
    const target = path.join(path.resolve(io.cwd, values.out), "incidents");
    await writeContentDir(target, incidents);
    io.stdout.write(`Exported ${incidents.length} incident(s) to ${target}\n`);
    if (!values.slug) {
      const lessonsTarget = path.join(path.resolve(io.cwd, values.out), LESSONS_FOLDER);
      const lessons = await writeLessonDir(lessonsTarget, await exportLessonEntries(db));
      io.stdout.write(`Exported ${lessons.length} lesson(s) to ${lessonsTarget}\n`);
      const checklists = await writeNamedChecklistsFile(path.resolve(io.cwd, values.out), await exportNamedChecklists(db));
      if (checklists) io.stdout.write(`Exported ${checklists} named checklist(s) to ${path.join(path.resolve(io.cwd, values.out), "checklists.json")}\n`);
    }
    return 0;
  },
};

const checkCommand: CliCommand = {
  path: ["content", "check"],
  summary: "Validate content files without touching the database (exit 2 with file:line on problems)",
  usage: "casebook content check [DIR]",
  async run(args, io) {
    const { positionals } = parseCliArgs(args, {});
    const root = resolveDir(io, positionals[0]);
    const dir = incidentsDir(root);
    const incidents = await readContentDir(dir);
    const lessons = await readContentLessons(root, incidents, dir);
    const runbooks = await validateRunbookContent(root, incidents);
    const steps = runbooks.reduce((sum, runbook) => sum + runbook.steps.length, 0);
    const items = lessons.reduce((sum, lesson) => sum + lesson.items.length, 0);
    io.stdout.write(`Content OK: ${incidents.length} incident(s) in ${dir}; ${lessons.length} lesson file(s) with ${items} checklist item(s); ${runbooks.length} runbook(s) with ${steps} step(s)\n`);
    return 0;
  },
};

export const contentCommands: CliCommand[] = [importCommand, exportCommand, checkCommand];
