/**
 * The guided-triage state machine, pure: the runbook's steps (in runbook order, outcomes resolved for
 * the session's facts) plus the recorded step outcomes → where the walk stands, and whether a new
 * outcome or skip is allowed. The recorded rows are the only state, so resuming is replaying them.
 *
 * Outcomes only lead further down the runbook (the content check forbids loops) and a skip goes to the
 * next step in runbook order, so a walk never revisits a step.
 */
import { ConflictError, InvalidInputError } from "../errors";

export interface WalkOutcome {
  id: string;
  label: string;
  /** Step this outcome leads to for the session's facts; null ends the triage. */
  next: string | null;
}

export interface WalkStep {
  id: string;
  title: string;
  outcomes: WalkOutcome[];
}

/** One recorded row, as stored (lib/triage/service.ts). */
export interface WalkRecord {
  stepId: string;
  /** null when the step was skipped. */
  outcomeId: string | null;
  skipped: boolean;
  /** Where the walk went from this step when it was recorded (null: the end). */
  nextStepId: string | null;
}

export interface TakenBranch {
  from: string;
  outcomeId: string;
  to: string | null;
}

export interface WalkState {
  /** The step to work on now; null when the walk has reached its end. */
  currentStepId: string | null;
  finished: boolean;
  /** Steps with a recorded outcome, and skipped steps, in walk order. */
  done: string[];
  skipped: string[];
  /** Branches followed (outcomes chosen), for the flowchart. */
  taken: TakenBranch[];
  /** Recorded steps or outcomes the current runbook no longer has (the step library or facts changed). */
  warnings: string[];
}

const quoted = (ids: string[]) => ids.map((id) => `"${id}"`).join(", ");

/** The step after `stepId` in runbook order that the walk has not visited (null: none left). */
export function nextInOrder(steps: WalkStep[], stepId: string, visited: Set<string> = new Set()): string | null {
  const index = steps.findIndex((step) => step.id === stepId);
  if (index < 0) return null;
  return steps.slice(index + 1).find((step) => !visited.has(step.id))?.id ?? null;
}

/** Replays the recorded rows against the runbook. Never throws: a changed runbook turns into warnings. */
export function walkState(steps: WalkStep[], records: WalkRecord[]): WalkState {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const done: string[] = [];
  const skipped: string[] = [];
  const taken: TakenBranch[] = [];
  const warnings: string[] = [];
  const missingSteps: string[] = [];
  const missingOutcomes: string[] = [];

  for (const record of records) {
    (record.skipped ? skipped : done).push(record.stepId);
    const step = byId.get(record.stepId);
    if (!step) missingSteps.push(record.stepId);
    if (record.skipped || record.outcomeId === null) continue;
    if (step && !step.outcomes.some((outcome) => outcome.id === record.outcomeId)) missingOutcomes.push(`${record.stepId}/${record.outcomeId}`);
    taken.push({ from: record.stepId, outcomeId: record.outcomeId, to: record.nextStepId });
  }
  if (missingSteps.length) warnings.push(`recorded step${missingSteps.length > 1 ? "s" : ""} ${quoted(missingSteps)} no longer in the runbook for these facts`);
  if (missingOutcomes.length) warnings.push(`recorded outcome${missingOutcomes.length > 1 ? "s" : ""} ${quoted(missingOutcomes)} no longer offered by the step`);

  const last = records.at(-1);
  let currentStepId: string | null;
  if (!last) currentStepId = steps[0]?.id ?? null;
  else if (last.nextStepId === null || byId.has(last.nextStepId)) currentStepId = last.nextStepId;
  else {
    // The step the walk was heading to is gone: continue with the first unvisited step after the
    // last visited one that still exists (else from the top).
    const visited = new Set([...done, ...skipped]);
    const anchor = [...records].reverse().find((record) => byId.has(record.stepId));
    currentStepId = anchor ? nextInOrder(steps, anchor.stepId, visited) : (steps.find((step) => !visited.has(step.id))?.id ?? null);
    warnings.push(`step "${last.nextStepId}" (where the last outcome led) is no longer in the runbook; ${currentStepId ? `continuing with "${currentStepId}"` : "no step is left"}`);
  }
  return { currentStepId, finished: currentStepId === null, done, skipped, taken, warnings };
}

/** The step a new outcome or skip is about: it must exist and be the current one. */
function currentStep(steps: WalkStep[], state: WalkState, stepId: string): WalkStep {
  const step = steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new InvalidInputError(`the runbook has no step "${stepId}" for these facts`);
  if (state.currentStepId === null) throw new ConflictError(`triage has reached its end; step "${stepId}" is not open (undo the last outcome to change it)`);
  if (state.currentStepId !== stepId) throw new ConflictError(`step "${stepId}" is not the current step; the current step is "${state.currentStepId}"`);
  return step;
}

/** Validates choosing `outcomeId` at `stepId`; returns the step, the outcome and where it leads. */
export function planOutcome(steps: WalkStep[], state: WalkState, stepId: string, outcomeId: string) {
  const step = currentStep(steps, state, stepId);
  const outcome = step.outcomes.find((candidate) => candidate.id === outcomeId);
  if (!outcome) {
    throw new InvalidInputError(`step "${stepId}" has no outcome "${outcomeId}"; choose one of ${quoted(step.outcomes.map((candidate) => candidate.id))}`);
  }
  return { step, outcome, next: outcome.next };
}

/** Validates skipping `stepId`; the walk continues with the next step in runbook order. */
export function planSkip(steps: WalkStep[], state: WalkState, stepId: string) {
  const step = currentStep(steps, state, stepId);
  return { step, next: nextInOrder(steps, stepId, new Set([...state.done, ...state.skipped])) };
}
