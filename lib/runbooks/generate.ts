/**
 * Facts + step library + past incidents → an ordered runbook. Pure and deterministic: the same input
 * gives the same output, and every inclusion, exclusion, skipped command and redirected branch says why.
 */
import type { Facts } from "../domain/incident";
import { andList, evaluateConditions, type ConditionResult } from "./conditions";
import { normalizeFacts, type TriageFacts } from "./facts";
import { fillPlaceholders, missingNote } from "./placeholders";
import { rankCandidates, similarityProfile, type CandidateHypothesis, type PastIncident } from "./similarity";
import { PHASE_LABELS, type Phase, type StepDefinition, type StepLibrary, type ToolDefinition } from "./step-schema";

export interface GenerateInput {
  facts: Facts;
  /** Tags of the incident being triaged (similarity only). */
  tags?: string[];
  pastIncidents?: PastIncident[];
  /** Slug of the incident being triaged, so it is not its own candidate. */
  incidentSlug?: string;
}

export type ToolStatus = "available" | "unavailable" | "unknown";

export interface ToolAvailability {
  id: string;
  name: string;
  purpose: string;
  status: ToolStatus;
  reason: string;
  /** Command that settles an unknown status (placeholders filled). */
  check?: string;
}

export interface RunbookCommand {
  id: string;
  label: string;
  run: string;
  caution?: string;
  /** Placeholders left as `<name>`. */
  missing: string[];
  notes: string[];
}

export interface RunbookOutcome {
  id: string;
  label: string;
  /** Where this outcome leads for these facts (null: triage ends). */
  next: string | null;
  /** Set when the written target is excluded and the branch continues elsewhere. */
  redirect?: string;
  records: StepDefinition["outcomes"][number]["records"];
  hypothesis?: StepDefinition["outcomes"][number]["hypothesis"];
}

export interface RunbookStep {
  id: string;
  title: string;
  phase: Phase;
  phaseLabel: string;
  goal: string;
  why: string;
  /** Facts or tools to settle before trusting this step. */
  checkFirst: string[];
  commands: RunbookCommand[];
  skippedCommands: { id: string; label: string; reason: string }[];
  lookFor: string[];
  body: string;
  outcomes: RunbookOutcome[];
  cautions: string[];
  lessons: { slug: string; url: string }[];
  showToolMatrix: boolean;
}

export interface Runbook {
  runbook: { name: string; title: string; summary: string };
  /** The facts as the generator read them. */
  facts: Record<string, string>;
  steps: RunbookStep[];
  excluded: { id: string; title: string; reason: string }[];
  tools: ToolAvailability[];
  candidates: CandidateHypothesis[];
  warnings: string[];
}

/** Fills `{{fact}}` in a reason template as prose (no shell quoting). */
function proseFill(template: string, facts: TriageFacts): string {
  return template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g, (_, name: string) => facts.text[name as keyof TriageFacts["text"]] ?? `<${name}>`);
}

export function assessTools(tools: ToolDefinition[], facts: TriageFacts): ToolAvailability[] {
  return tools.map((tool) => {
    const evaluation = evaluateConditions(tool.requires, facts);
    const pick = (status: ConditionResult["status"]) => evaluation.results.filter((result) => result.status === status);
    const explain = (results: ConditionResult[]) => results.map((result) => (tool.unmet[result.key] ? proseFill(tool.unmet[result.key], facts) : result.clause)).join("; ");
    const base = { id: tool.id, name: tool.name, purpose: tool.purpose };
    if (evaluation.status === "unmet") return { ...base, status: "unavailable" as const, reason: explain(pick("unmet")) };
    if (evaluation.status === "unknown") {
      return { ...base, status: "unknown" as const, reason: andList(pick("unknown").map((result) => result.clause)), ...(tool.check ? { check: fillPlaceholders(tool.check, facts).run } : {}) };
    }
    const met = pick("met").map((result) => result.clause);
    return { ...base, status: "available" as const, reason: met.length ? andList(met) : "no requirements" };
  });
}

function unknownToolNote(tool: ToolAvailability): string {
  return `${tool.name}: ${tool.reason}${tool.check ? ` — check with \`${tool.check}\`` : ""}`;
}

type Decision = { included: true; why: string; checkFirst: string[] } | { included: false; reason: string };

function decide(step: StepDefinition, facts: TriageFacts, tools: Map<string, ToolAvailability>): Decision {
  const evaluation = evaluateConditions(step.when, facts);
  const unmet = evaluation.results.filter((result) => result.status === "unmet");
  if (unmet.length) return { included: false, reason: `not applicable: ${unmet.map((result) => result.clause).join("; ")}` };
  const unavailable = step.tools.map((id) => tools.get(id)!).filter((tool) => tool.status === "unavailable");
  if (unavailable.length) return { included: false, reason: unavailable.map((tool) => `${tool.name} unavailable: ${tool.reason}`).join("; ") };

  const met = evaluation.results.filter((result) => result.status === "met").map((result) => result.clause);
  const available = step.tools.map((id) => tools.get(id)!).filter((tool) => tool.status === "available");
  const reasons = [...met, ...available.map((tool) => `${tool.name} is available (${tool.reason})`)];
  const why = reasons.length ? `Included because ${andList(reasons)}.` : "Included in every memory-leak triage.";
  const checkFirst = [
    ...evaluation.results.filter((result) => result.status === "unknown").map((result) => `${result.clause} — this step assumes it holds`),
    ...step.tools.map((id) => tools.get(id)!).filter((tool) => tool.status === "unknown").map(unknownToolNote),
  ];
  return { included: true, why, checkFirst };
}

function buildCommands(step: StepDefinition, facts: TriageFacts, tools: Map<string, ToolAvailability>) {
  const commands: RunbookCommand[] = [];
  const skipped: RunbookStep["skippedCommands"] = [];
  for (const command of step.commands) {
    const tool = command.tool ? tools.get(command.tool) : undefined;
    if (tool?.status === "unavailable") {
      skipped.push({ id: command.id, label: command.label, reason: `${tool.name} unavailable: ${tool.reason}` });
      continue;
    }
    const filled = fillPlaceholders(command.run, facts);
    const notes = [...(tool?.status === "unknown" ? [`Needs ${unknownToolNote(tool)}`] : []), ...(filled.missing.length ? [missingNote(filled.missing)] : [])];
    commands.push({ id: command.id, label: command.label, run: filled.run, ...(command.caution ? { caution: command.caution } : {}), missing: filled.missing, notes });
  }
  return { commands, skipped };
}

/** Where an outcome leads when its written target is excluded: the first included step after it. */
function resolveNext(target: string | null, library: StepLibrary, included: Set<string>, excludedReason: Map<string, string>): Pick<RunbookOutcome, "next" | "redirect"> {
  if (target === null || included.has(target)) return { next: target };
  const written = library.steps.find((step) => step.id === target)!;
  const after = library.steps.find((step) => step.order > written.order && included.has(step.id));
  const why = excludedReason.get(target) ?? "excluded";
  return after
    ? { next: after.id, redirect: `"${target}" is skipped (${why}); continue with "${after.id}"` }
    : { next: null, redirect: `"${target}" is skipped (${why}) and no later step applies; triage ends here` };
}

export function generateRunbook(library: StepLibrary, input: GenerateInput): Runbook {
  const { facts, warnings } = normalizeFacts(input.facts);
  const tools = assessTools(library.tools, facts);
  const toolsById = new Map(tools.map((tool) => [tool.id, tool]));

  const decisions = library.steps.map((step) => ({ step, decision: decide(step, facts, toolsById) }));
  const included = new Set(decisions.filter((entry) => entry.decision.included).map((entry) => entry.step.id));
  const excluded: Runbook["excluded"] = [];
  const excludedReason = new Map<string, string>();
  for (const { step, decision } of decisions) {
    if (decision.included) continue;
    excluded.push({ id: step.id, title: step.title, reason: decision.reason });
    excludedReason.set(step.id, decision.reason);
  }

  const steps: RunbookStep[] = [];
  for (const { step, decision } of decisions) {
    if (!decision.included) continue;
    const { commands, skipped } = buildCommands(step, facts, toolsById);
    steps.push({
      id: step.id,
      title: step.title,
      phase: step.phase,
      phaseLabel: PHASE_LABELS[step.phase],
      goal: step.goal,
      why: decision.why,
      checkFirst: decision.checkFirst,
      commands,
      skippedCommands: skipped,
      lookFor: step.lookFor,
      body: step.body,
      outcomes: step.outcomes.map((outcome) => ({
        id: outcome.id,
        label: outcome.label,
        ...resolveNext(outcome.next, library, included, excludedReason),
        records: outcome.records,
        ...(outcome.hypothesis ? { hypothesis: outcome.hypothesis } : {}),
      })),
      cautions: step.cautions,
      lessons: step.lessons.map((slug) => ({ slug, url: `/lessons/${slug}` })),
      showToolMatrix: step.showToolMatrix,
    });
  }
  if (steps.length === 0) warnings.push("no step applies to these facts; record at least system and version");
  else warnings.push(...unreachableWarnings(steps));

  const candidates = rankCandidates(similarityProfile(facts, input.tags ?? []), input.pastIncidents ?? [], { excludeSlug: input.incidentSlug });
  return {
    runbook: { name: library.name, title: library.title, summary: library.summary },
    facts: Object.fromEntries(Object.entries(facts.text).filter(([, value]) => value !== undefined)) as Record<string, string>,
    steps,
    excluded,
    tools,
    candidates,
    warnings,
  };
}

/** Included steps no outcome leads to from the first step: the branches never reach them for these facts. */
function unreachableWarnings(steps: RunbookStep[]): string[] {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const reached = new Set<string>([steps[0].id]);
  const queue = [steps[0].id];
  while (queue.length) {
    for (const outcome of byId.get(queue.shift()!)!.outcomes) {
      if (outcome.next && !reached.has(outcome.next)) {
        reached.add(outcome.next);
        queue.push(outcome.next);
      }
    }
  }
  const unreached = steps.filter((step) => !reached.has(step.id)).map((step) => step.id);
  return unreached.length ? [`no outcome leads to ${unreached.map((id) => `"${id}"`).join(", ")} for these facts; ${unreached.length === 1 ? "it is" : "they are"} listed for reference`] : [];
}
