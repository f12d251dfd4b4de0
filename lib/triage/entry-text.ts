/**
 * The timeline entries guided triage writes: one per recorded outcome or skip, titled and worded so
 * that the timeline (and search) tell which runbook step they came from.
 */
import type { EntryCreate } from "../domain/entry";
import type { RunbookOutcome, RunbookStep } from "../runbooks/generate";

const MAX_TITLE = 300;

function clip(text: string, max = MAX_TITLE): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

function nextLine(next: { title: string } | null): string {
  return next ? `Next step: **${next.title}**.` : "Triage ends here.";
}

type EntryText = Pick<EntryCreate, "kind" | "title" | "body">;

export function outcomeEntryText(step: RunbookStep, outcome: RunbookOutcome, note: string, next: { title: string } | null): EntryText {
  return {
    kind: outcome.records,
    title: clip(`Triage step "${step.title}": ${outcome.label}`),
    body: [`Guided triage, step **${step.title}** (\`${step.id}\`) — outcome: ${outcome.label}.`, note, nextLine(next)].filter(Boolean).join("\n\n"),
  };
}

export function skipEntryText(step: { id: string; title: string }, reason: string, next: { title: string } | null): EntryText {
  return {
    kind: "decision",
    title: clip(`Triage step "${step.title}" skipped: ${reason}`),
    body: [`Guided triage, step **${step.title}** (\`${step.id}\`) skipped.`, `Reason: ${reason}`, nextLine(next)].join("\n\n"),
  };
}

export function hypothesisEntryText(hypothesis: { title: string }, step: RunbookStep): EntryText {
  return {
    kind: "hypothesis",
    title: clip(hypothesis.title),
    body: `Raised by guided triage at step **${step.title}** (\`${step.id}\`).`,
  };
}
