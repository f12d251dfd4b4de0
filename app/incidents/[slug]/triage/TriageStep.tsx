import type { RunbookStep } from "@/lib/runbooks/generate";
import { StepCautionsAndLessons, StepInstructions } from "../../../_components/runbooks/StepInstructions";

/** The step being worked on: goal, why it is in, commands with the facts filled in, what to look for, cautions, lessons. */
export function TriageStep({ step, index, total }: { step: RunbookStep; index: number; total: number }) {
  return (
    <article className={`card runbook-step phase-${step.phase}`} data-testid="triage-current-step" data-step-id={step.id}>
      <p className="runbook-step-meta small muted">
        Step {index + 1} of {total} · <span className={`runbook-phase phase-${step.phase}`}>{step.phaseLabel}</span> <code>{step.id}</code>
      </p>
      <h3 data-testid="triage-step-title">{step.title}</h3>
      <StepInstructions step={step} testIds="triage" />
      <StepCautionsAndLessons step={step} testIds="triage" />
    </article>
  );
}
