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

/** Where a guided triage stands (lib/triage): drawn over the runbook's flowchart. */
export interface FlowchartProgress {
  currentStepId: string | null;
  done: string[];
  skipped: string[];
  /** Outcomes chosen, drawn as bold arrows. */
  taken: { from: string; outcomeId: string }[];
}

const PROGRESS_STYLES = {
  triage_done: "fill:#f1f5f9,stroke:#475569,color:#334155",
  triage_skipped: "fill:#f8fafc,stroke:#94a3b8,color:#64748b,stroke-dasharray:4 3",
  triage_current: "fill:#fff7ed,stroke:#ea580c,color:#7c2d12,stroke-width:4px",
};
const TAKEN_EDGE_STYLE = "stroke:#ea580c,stroke-width:3px";

export function runbookFlowchart(runbook: Runbook, progress?: FlowchartProgress): string {
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
  // Edges are numbered in the order they are written; linkStyle addresses them by that number.
  let edge = 0;
  const takenEdges: number[] = [];
  const taken = new Set(progress?.taken.map((branch) => `${branch.from}\u0000${branch.outcomeId}`));
  for (const step of runbook.steps) {
    for (const outcome of step.outcomes) {
      const target = outcome.next ? ids.get(outcome.next) : END_ID;
      if (!target) continue;
      endsUsed ||= target === END_ID;
      const arrow = outcome.redirect ? "-.->" : "-->";
      lines.push(`  ${ids.get(step.id)} ${arrow}|"${mermaidLabel(outcome.label, 60)}"| ${target}`);
      if (taken.has(`${step.id}\u0000${outcome.id}`)) takenEdges.push(edge);
      edge++;
    }
  }
  if (endsUsed) lines.push(`  ${END_ID}(["${mermaidLabel("End of triage")}"])`);
  for (const phase of PHASES) if (byPhase.get(phase)!.length) lines.push(`  classDef phase_${phase} ${PHASE_STYLES[phase]}`);
  lines.push(...classLines(PHASES.map((phase) => [`phase_${phase}`, byPhase.get(phase)!] as [string, string[]])));
  if (progress) lines.push(...progressLines(progress, ids, takenEdges));
  return lines.join("\n");
}

/** Class and link styles for a triage's progress; written after the phase classes so they win. */
function progressLines(progress: FlowchartProgress, ids: Map<string, string>, takenEdges: number[]): string[] {
  const nodes = (stepIds: string[]) => stepIds.map((id) => ids.get(id)).filter((id): id is string => id !== undefined);
  const groups: [string, string[]][] = [
    ["triage_done", nodes(progress.done)],
    ["triage_skipped", nodes(progress.skipped)],
    ["triage_current", nodes(progress.currentStepId ? [progress.currentStepId] : [])],
  ];
  const lines = groups.filter(([, members]) => members.length).map(([name]) => `  classDef ${name} ${PROGRESS_STYLES[name as keyof typeof PROGRESS_STYLES]}`);
  lines.push(...classLines(groups));
  if (takenEdges.length) lines.push(`  linkStyle ${takenEdges.join(",")} ${TAKEN_EDGE_STYLE}`);
  return lines;
}
