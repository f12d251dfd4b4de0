/**
 * Guided triage over the database: start a walk of the incident's runbook, record outcomes and skips
 * (each one timeline entry, plus the hypothesis link the outcome names), undo the last one, finish.
 * Every change is one transaction that first bumps the session version (a stale version → 409) and
 * writes entries and links through the incident services, so revisions and the search index follow.
 */
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import type { TriageSession as SessionRow } from "../db/generated/sqlite/client";
import type { Facts } from "../domain/incident";
import { ConflictError } from "../errors";
import { insertEntry, removeEntry } from "../incidents/entries";
import { findIncidentRow, touchIncident } from "../incidents/incidents";
import { insertLink } from "../incidents/links";
import { generateRunbook, type Runbook, type RunbookStep } from "../runbooks/generate";
import { MEMORY_LEAK_RUNBOOK, stepLibrary } from "../runbooks/load";
import { loadPastIncidents } from "../runbooks/past-incidents";
import type { StepLibrary } from "../runbooks/step-schema";
import { parseInput } from "../validation/parse";
import { hypothesisEntryText, outcomeEntryText, skipEntryText } from "./entry-text";
import { stepLibraryHash } from "./library-hash";
import { planOutcome, planSkip, walkState, type WalkState } from "./machine";
import {
  triageFinishSchema,
  triageOutcomeSchema,
  triageSkipSchema,
  triageStartSchema,
  triageUndoSchema,
  type TriageRecordView,
  type TriageSessionView,
  type TriageStatus,
} from "./schema";

type IncidentRow = Awaited<ReturnType<typeof findIncidentRow>>;

export interface TriageState {
  incident: { slug: string; title: string; version: number; timezone: string; facts: Facts };
  /** The active session, else the most recent finished one; null before the first start. */
  session: TriageSessionView | null;
  /** Generated from the session's facts snapshot (the incident's current facts before a start). */
  runbook: Runbook;
  records: TriageRecordView[];
  walk: WalkState;
  /** The step to work on now (null: not started, finished, or ended). */
  current: RunbookStep | null;
  /** The step library's content differs from the one the session started with. */
  libraryChanged: boolean;
  /** The incident's facts were edited since the session started (restart to use them). */
  factsChanged: boolean;
  warnings: string[];
}

/** JSON with sorted keys, so facts that only differ in key order compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function sessionView(row: SessionRow): TriageSessionView {
  return {
    id: row.id,
    runbook: row.runbook,
    status: row.status as TriageStatus,
    facts: JSON.parse(row.facts) as Facts,
    stepsHash: row.stepsHash,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    version: row.version,
  };
}

function runbookFor(library: StepLibrary, facts: Facts, slug: string): Runbook {
  return generateRunbook(library, { facts, incidentSlug: slug });
}

async function outcomeRows(db: Db | Tx, sessionId: string) {
  return db.triageStepOutcome.findMany({ where: { sessionId }, orderBy: { position: "asc" } });
}

export async function getTriageState(db: Db, slug: string): Promise<TriageState> {
  const incidentRow = await findIncidentRow(db, slug);
  const facts = JSON.parse(incidentRow.facts) as Facts;
  const tags = JSON.parse(incidentRow.tags) as string[];
  const session =
    (await db.triageSession.findFirst({ where: { incidentId: incidentRow.id, status: "active" }, orderBy: { createdAt: "desc" } })) ??
    (await db.triageSession.findFirst({ where: { incidentId: incidentRow.id }, orderBy: { createdAt: "desc" } }));
  const library = await stepLibrary(session?.runbook);
  const sessionFacts = session ? (JSON.parse(session.facts) as Facts) : facts;
  const pastIncidents = await loadPastIncidents(db, { facts: sessionFacts, tags, excludeSlug: slug });
  const runbook = generateRunbook(library, { facts: sessionFacts, tags, pastIncidents, incidentSlug: slug });
  const rows = session ? await outcomeRows(db, session.id) : [];
  const entryIds = rows.flatMap((row) => [row.entryId, row.hypothesisEntryId]).filter((id): id is string => id !== null);
  const entries = new Map((await db.timelineEntry.findMany({ where: { id: { in: entryIds } }, select: { id: true, key: true, kind: true, title: true } })).map((entry) => [entry.id, entry]));
  const records: TriageRecordView[] = rows.map((row) => {
    const entry = row.entryId ? entries.get(row.entryId) : undefined;
    const hypothesis = row.hypothesisEntryId ? entries.get(row.hypothesisEntryId) : undefined;
    return {
      position: row.position,
      stepId: row.stepId,
      stepTitle: row.stepTitle,
      outcomeId: row.outcomeId,
      outcomeLabel: row.outcomeLabel,
      skipped: row.skipped,
      reason: row.reason,
      note: row.note,
      nextStepId: row.nextStepId,
      author: row.author,
      at: row.createdAt.toISOString(),
      entry: entry ? { key: entry.key, kind: entry.kind, title: entry.title } : null,
      hypothesis: hypothesis ? { key: hypothesis.key, title: hypothesis.title } : null,
    };
  });
  const walk = session ? walkState(runbook.steps, rows) : walkState([], []);
  const active = session?.status === "active";
  const libraryChanged = Boolean(session && session.stepsHash !== stepLibraryHash(library));
  const factsChanged = Boolean(session && active && stableJson(sessionFacts) !== stableJson(facts));
  const warnings = [...walk.warnings];
  if (libraryChanged) warnings.unshift("the runbook's steps changed since this triage started; the walk continues with the current steps (restart to walk them afresh)");
  if (factsChanged) warnings.unshift("the incident's facts changed since this triage started; restart triage to generate the runbook from them");
  return {
    incident: { slug: incidentRow.slug, title: incidentRow.title, version: incidentRow.version, timezone: incidentRow.timezone, facts },
    session: session ? sessionView(session) : null,
    runbook,
    records,
    walk,
    current: active && walk.currentStepId ? (runbook.steps.find((step) => step.id === walk.currentStepId) ?? null) : null,
    libraryChanged,
    factsChanged,
    warnings,
  };
}

/** Starts a triage from the incident's current facts (409 while one runs, unless restart). */
export async function startTriage(db: Db, slug: string, input: unknown): Promise<TriageState> {
  const { restart, author } = parseInput(triageStartSchema, input, "triage start");
  const library = await stepLibrary();
  await db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    // Writing the incident row first serialises concurrent starts (PostgreSQL row lock, SQLite write lock).
    await touchIncident(tx, incident.id);
    const running = await tx.triageSession.findFirst({ where: { incidentId: incident.id, status: "active" } });
    if (running && !restart) {
      throw new ConflictError(`a triage of "${slug}" is already in progress (started ${running.createdAt.toISOString()}${running.createdBy ? ` by ${running.createdBy}` : ""}); resume it, or restart to abandon it`);
    }
    if (running) await tx.triageSession.updateMany({ where: { incidentId: incident.id, status: "active" }, data: { status: "abandoned", endedAt: new Date(), version: { increment: 1 } } });
    await tx.triageSession.create({
      data: { id: randomUUID(), incidentId: incident.id, runbook: MEMORY_LEAK_RUNBOOK, facts: incident.facts, stepsHash: stepLibraryHash(library), status: "active", createdBy: author },
    });
  });
  return getTriageState(db, slug);
}

/** The active session, with its version bumped if it is still `version` (else 409: reload). */
async function claimSession(tx: Tx, incident: IncidentRow, version: number): Promise<SessionRow> {
  const session = await tx.triageSession.findFirst({ where: { incidentId: incident.id, status: "active" } });
  if (!session) throw new ConflictError(`no triage of "${incident.slug}" is in progress; start one first`);
  const claimed = await tx.triageSession.updateMany({ where: { id: session.id, version }, data: { version: { increment: 1 } } });
  if (claimed.count === 0) {
    throw new ConflictError(`the triage of "${incident.slug}" was changed by someone else (you have version ${version}, current is ${session.version}); reload and try again`);
  }
  return session;
}

async function sessionContext(tx: Tx, slug: string, version: number) {
  const incident = await findIncidentRow(tx, slug);
  const session = await claimSession(tx, incident, version);
  const library = await stepLibrary(session.runbook);
  const runbook = runbookFor(library, JSON.parse(session.facts) as Facts, slug);
  const rows = await outcomeRows(tx, session.id);
  return { incident, session, runbook, rows, state: walkState(runbook.steps, rows) };
}

const titleOf = (runbook: Runbook, id: string | null) => (id ? (runbook.steps.find((step) => step.id === id) ?? null) : null);

/** The hypothesis entry an outcome names: the one with its key or title, else a new one. */
async function hypothesisEntry(tx: Tx, incident: IncidentRow, hypothesis: { key: string; title: string }, step: RunbookStep, author: string) {
  const candidates = await tx.timelineEntry.findMany({ where: { incidentId: incident.id, kind: "hypothesis" }, select: { id: true, key: true, title: true } });
  const title = hypothesis.title.trim().toLocaleLowerCase();
  const existing = candidates.find((entry) => entry.key === hypothesis.key) ?? candidates.find((entry) => entry.title.trim().toLocaleLowerCase() === title);
  if (existing) return { id: existing.id, key: existing.key, created: false };
  const keyTaken = await tx.timelineEntry.findUnique({ where: { incidentId_key: { incidentId: incident.id, key: hypothesis.key } }, select: { id: true } });
  const entry = await insertEntry(tx, incident, {
    ...hypothesisEntryText(hypothesis, step),
    ...(keyTaken ? {} : { key: hypothesis.key }),
    at: new Date().toISOString(),
    author,
    statusOverride: null,
    statusReason: "",
  });
  return { id: entry.id, key: entry.key, created: true };
}

/** Records the chosen outcome of the current step: one timeline entry, plus the hypothesis link it names. */
export async function recordOutcome(db: Db, slug: string, input: unknown): Promise<TriageState> {
  const data = parseInput(triageOutcomeSchema, input, "triage outcome");
  await db.$transaction(async (tx) => {
    const { incident, session, runbook, rows, state } = await sessionContext(tx, slug, data.version);
    const { next } = planOutcome(runbook.steps, state, data.step, data.outcome);
    const step = runbook.steps.find((candidate) => candidate.id === data.step)!;
    const outcome = step.outcomes.find((candidate) => candidate.id === data.outcome)!;
    const entry = await insertEntry(tx, incident, {
      ...outcomeEntryText(step, outcome, data.note, titleOf(runbook, next)),
      at: data.at ?? new Date().toISOString(),
      author: data.author,
      statusOverride: null,
      statusReason: "",
    });
    let hypothesis: { id: string; created: boolean } | null = null;
    if (outcome.hypothesis) {
      const target = await hypothesisEntry(tx, incident, outcome.hypothesis, step, data.author);
      const verb = outcome.hypothesis.link ?? "supports";
      const note = `guided triage, step "${step.title}"${outcome.hypothesis.link ? "" : " (raised here)"}`;
      await insertLink(tx, incident, { from: entry.key, to: target.key, type: verb, note }, data.author);
      hypothesis = target;
    }
    await tx.triageStepOutcome.create({
      data: {
        id: randomUUID(),
        sessionId: session.id,
        position: rows.length,
        stepId: step.id,
        stepTitle: step.title,
        outcomeId: outcome.id,
        outcomeLabel: outcome.label,
        note: data.note,
        nextStepId: next,
        author: data.author,
        entryId: entry.id,
        hypothesisEntryId: hypothesis?.id ?? null,
        hypothesisCreated: hypothesis?.created ?? false,
      },
    });
  });
  return getTriageState(db, slug);
}

/** Skips the current step with a stated reason (a decision entry); the walk goes on in runbook order. */
export async function skipStep(db: Db, slug: string, input: unknown): Promise<TriageState> {
  const data = parseInput(triageSkipSchema, input, "triage skip");
  await db.$transaction(async (tx) => {
    const { incident, session, runbook, rows, state } = await sessionContext(tx, slug, data.version);
    const { step, next } = planSkip(runbook.steps, state, data.step);
    const entry = await insertEntry(tx, incident, {
      ...skipEntryText(step, data.reason, titleOf(runbook, next)),
      at: data.at ?? new Date().toISOString(),
      author: data.author,
      statusOverride: null,
      statusReason: "",
    });
    await tx.triageStepOutcome.create({
      data: { id: randomUUID(), sessionId: session.id, position: rows.length, stepId: step.id, stepTitle: step.title, skipped: true, reason: data.reason, nextStepId: next, author: data.author, entryId: entry.id },
    });
  });
  return getTriageState(db, slug);
}

/** Takes back the last outcome or skip: its row, its timeline entry, and a hypothesis it created if nothing else refers to it. */
export async function undoLastOutcome(db: Db, slug: string, input: unknown): Promise<TriageState> {
  const data = parseInput(triageUndoSchema, input, "triage undo");
  await db.$transaction(async (tx) => {
    const { incident, rows } = await sessionContext(tx, slug, data.version);
    const last = rows.at(-1);
    if (!last) throw new ConflictError(`the triage of "${slug}" has no recorded step to undo`);
    if (last.entryId) {
      const entry = await tx.timelineEntry.findUnique({ where: { id: last.entryId } });
      if (entry) await removeEntry(tx, incident.id, entry, data.author);
    }
    if (last.hypothesisCreated && last.hypothesisEntryId) {
      const hypothesis = await tx.timelineEntry.findUnique({ where: { id: last.hypothesisEntryId } });
      const links = hypothesis ? await tx.entryLink.count({ where: { OR: [{ fromEntryId: hypothesis.id }, { toEntryId: hypothesis.id }] } }) : 0;
      const usedElsewhere = await tx.triageStepOutcome.count({ where: { hypothesisEntryId: last.hypothesisEntryId, id: { not: last.id } } });
      if (hypothesis && links === 0 && usedElsewhere === 0) await removeEntry(tx, incident.id, hypothesis, data.author);
    }
    await tx.triageStepOutcome.delete({ where: { id: last.id } });
  });
  return getTriageState(db, slug);
}

/** Ends the active triage as completed or abandoned; a new one may start afterwards. */
export async function finishTriage(db: Db, slug: string, input: unknown): Promise<TriageState> {
  const data = parseInput(triageFinishSchema, input, "triage finish");
  await db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const session = await claimSession(tx, incident, data.version);
    await tx.triageSession.update({ where: { id: session.id }, data: { status: data.status, endedAt: new Date() } });
    await touchIncident(tx, incident.id);
  });
  return getTriageState(db, slug);
}
