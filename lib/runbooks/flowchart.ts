/**
 * The generated runbook as a mermaid flowchart: one node per step in runbook order, one labelled arrow
 * per outcome (to the step it leads to for these facts, or to the end of triage), coloured by phase.
 * Labels go through the shared mermaid escaping, so step and outcome text cannot break the diagram.
 */
import { classLines, mermaidLabel, mermaidNodeIds } from "../diagrams/mermaid-text";
import type { Runbook } from "./generate";
import { PHASES, type Phase } from "./step-schema";

const PHASE_STYLES: Record<Phase, string> = {
  confirm: "fill:#e0f2fe,stroke:#0284c7,color:#0c4a6e",
  narrow: "fill:#fef9c3,stroke:#ca8a04,color:#713f12",
  locate: "fill:#ede9fe,stroke:#7c3aed,color:#3b0764",
  fix: "fill:#dcfce7,stroke:#16a34a,color:#14532d",
};
const END_ID = "triage_end";

export function runbookFlowchart(runbook: Runbook): string {
  const lines = ["flowchart TD"];
  if (runbook.steps.length === 0) {
    lines.push(`  empty["${mermaidLabel("No step applies to these facts")}"]`);
    return lines.join("\n");
  }
  const ids = mermaidNodeIds(runbook.steps.map((step) => step.id), "s_");
  const byPhase = new Map<Phase, string[]>(PHASES.map((phase) => [phase, []]));
  runbook.steps.forEach((step, index) => {
    const id = ids.get(step.id)!;
    lines.push(`  ${id}["${mermaidLabel(`${index + 1}. ${step.title}`, 70)}"]`);
    byPhase.get(step.phase)!.push(id);
  });
  let endsUsed = false;
  for (const step of runbook.steps) {
    for (const outcome of step.outcomes) {
      const target = outcome.next ? ids.get(outcome.next) : END_ID;
      if (!target) continue;
      endsUsed ||= target === END_ID;
      const arrow = outcome.redirect ? "-.->" : "-->";
      lines.push(`  ${ids.get(step.id)} ${arrow}|"${mermaidLabel(outcome.label, 60)}"| ${target}`);
    }
  }
  if (endsUsed) lines.push(`  ${END_ID}(["${mermaidLabel("End of triage")}"])`);
  for (const phase of PHASES) if (byPhase.get(phase)!.length) lines.push(`  classDef phase_${phase} ${PHASE_STYLES[phase]}`);
  lines.push(...classLines(PHASES.map((phase) => [`phase_${phase}`, byPhase.get(phase)!] as [string, string[]])));
  return lines.join("\n");
}
