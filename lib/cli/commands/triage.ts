/**
 * `casebook triage …`: guided triage from a terminal — the same service (and timeline entries) as the
 * triage page. Changes act on the version read just before, unless --version pins the one you saw.
 */
import { getDb, type Db } from "../../db/client";
import { InvalidInputError } from "../../errors";
import { finishTriage, getTriageState, recordOutcome, skipStep, startTriage, undoLastOutcome, type TriageState } from "../../triage/service";
import { parseCliArgs, parseIntegerOption } from "../args";
import type { CliCommand, CliIO } from "../command";

const common = { version: { type: "string" }, author: { type: "string" }, json: { type: "boolean" } } as const;

/** Plain-text view: status, warnings, the current step with its commands and outcomes, then progress. */
export function renderTriageText(state: TriageState): string {
  const lines: string[] = [];
  const { session, current } = state;
  lines.push(session ? `Triage of ${state.incident.slug}: ${session.status}, version ${session.version}, ${state.records.length} step(s) recorded` : `Triage of ${state.incident.slug}: not started (casebook triage start ${state.incident.slug})`);
  for (const warning of state.warnings) lines.push(`warning: ${warning}`);
  if (current) {
    const index = state.runbook.steps.findIndex((step) => step.id === current.id);
    lines.push("", `Current step ${index + 1}/${state.runbook.steps.length}: ${current.title} [${current.id}]`, `Goal: ${current.goal}`, `Why: ${current.why}`);
    for (const command of current.commands) lines.push("", `# ${command.label}${command.caution ? ` (caution: ${command.caution})` : ""}`, command.run.trimEnd());
    if (current.lookFor.length) lines.push("", "Look for:", ...current.lookFor.map((item) => `  - ${item}`));
    lines.push("", "Outcomes (casebook triage record SLUG STEP OUTCOME):");
    for (const outcome of current.outcomes) lines.push(`  ${outcome.id}: ${outcome.label} → ${outcome.next ?? "end of triage"}`);
  } else if (session?.status === "active" && state.walk.finished) {
    lines.push("", "The runbook ends here; finish the triage or undo the last step.");
  }
  if (state.records.length) {
    lines.push("", "Progress:");
    for (const record of state.records) {
      const what = record.skipped ? `skipped (${record.reason})` : `${record.outcomeId}: ${record.outcomeLabel}`;
      lines.push(`  ${record.position + 1}. ${record.stepId} — ${what}${record.entry ? ` [entry ${record.entry.key}]` : ""}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function output(io: CliIO, state: TriageState, json: boolean | undefined): number {
  io.stdout.write(json ? `${JSON.stringify(state, null, 2)}\n` : renderTriageText(state));
  return 0;
}

function oneSlug(positionals: string[], more = 0, usage = "SLUG"): string[] {
  if (positionals.length !== 1 + more) throw new InvalidInputError(`expected ${usage}, got ${positionals.length ? positionals.map((word) => `"${word}"`).join(" ") : "nothing"}`);
  return positionals;
}

/** The version to send: --version, else the active session's current one. */
async function versionFor(db: Db, slug: string, option: string | undefined): Promise<number> {
  const pinned = parseIntegerOption("version", option, 1);
  if (pinned !== undefined) return pinned;
  const state = await getTriageState(db, slug);
  if (state.session?.status !== "active") throw new InvalidInputError(`no triage of "${slug}" is in progress; start one with: casebook triage start ${slug}`);
  return state.session.version;
}

const status: CliCommand = {
  path: ["triage", "status"],
  summary: "Show guided triage of an incident: current step, its commands and outcomes, progress",
  usage: "Usage: casebook triage status SLUG [--json]\n\nExit code: 0 shown, 2 bad input or unknown incident.",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: "boolean" } });
    const [slug] = oneSlug(positionals);
    return output(io, await getTriageState(await getDb(io.env), slug), values.json);
  },
};

const start: CliCommand = {
  path: ["triage", "start"],
  summary: "Start guided triage from the incident's facts (--restart abandons the one in progress)",
  usage: "Usage: casebook triage start SLUG [--restart] [--author NAME] [--json]\n\nExit code: 0 started, 2 bad input, unknown incident or a triage already in progress.",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { restart: { type: "boolean" }, author: common.author, json: common.json });
    const [slug] = oneSlug(positionals);
    return output(io, await startTriage(await getDb(io.env), slug, { restart: values.restart ?? false, author: values.author ?? "" }), values.json);
  },
};

const record: CliCommand = {
  path: ["triage", "record"],
  summary: "Record the outcome of the current triage step (one timeline entry)",
  usage: "Usage: casebook triage record SLUG STEP OUTCOME [--note TEXT] [--at TIME] [--version N] [--author NAME] [--json]\n\nExit code: 0 recorded, 2 bad input (unknown step or outcome, step not current, stale version).",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { ...common, note: { type: "string" }, at: { type: "string" } });
    const [slug, step, outcome] = oneSlug(positionals, 2, "SLUG STEP OUTCOME");
    const db = await getDb(io.env);
    const input = { version: await versionFor(db, slug, values.version), step, outcome, note: values.note ?? "", author: values.author ?? "", ...(values.at ? { at: values.at } : {}) };
    return output(io, await recordOutcome(db, slug, input), values.json);
  },
};

const skip: CliCommand = {
  path: ["triage", "skip"],
  summary: "Skip the current triage step with a reason (a decision entry)",
  usage: "Usage: casebook triage skip SLUG STEP --reason TEXT [--at TIME] [--version N] [--author NAME] [--json]\n\nExit code: 0 skipped, 2 bad input (no reason, step not current, stale version).",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { ...common, reason: { type: "string" }, at: { type: "string" } });
    const [slug, step] = oneSlug(positionals, 1, "SLUG STEP");
    if (!values.reason?.trim()) throw new InvalidInputError("--reason is required: say why the step is skipped");
    const db = await getDb(io.env);
    const input = { version: await versionFor(db, slug, values.version), step, reason: values.reason, author: values.author ?? "", ...(values.at ? { at: values.at } : {}) };
    return output(io, await skipStep(db, slug, input), values.json);
  },
};

const undo: CliCommand = {
  path: ["triage", "undo"],
  summary: "Undo the last recorded triage step and its timeline entry",
  usage: "Usage: casebook triage undo SLUG [--version N] [--author NAME] [--json]\n\nExit code: 0 undone, 2 nothing to undo or stale version.",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, common);
    const [slug] = oneSlug(positionals);
    const db = await getDb(io.env);
    return output(io, await undoLastOutcome(db, slug, { version: await versionFor(db, slug, values.version), author: values.author ?? "" }), values.json);
  },
};

const finish: CliCommand = {
  path: ["triage", "finish"],
  summary: "End guided triage as completed (or --abandon)",
  usage: "Usage: casebook triage finish SLUG [--abandon] [--version N] [--author NAME] [--json]\n\nExit code: 0 ended, 2 no triage in progress or stale version.",
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { ...common, abandon: { type: "boolean" } });
    const [slug] = oneSlug(positionals);
    const db = await getDb(io.env);
    const input = { version: await versionFor(db, slug, values.version), status: values.abandon ? "abandoned" : "completed", author: values.author ?? "" };
    return output(io, await finishTriage(db, slug, input), values.json);
  },
};

export const triageCommands: CliCommand[] = [status, start, record, skip, undo, finish];
