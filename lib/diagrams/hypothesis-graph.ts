import { ENTRY_KIND_LABELS, HYPOTHESIS_STATUSES, type HypothesisStatus, type LinkType } from "@/lib/domain";
import { classLines, mermaidLabel, mermaidNodeIds } from "./mermaid-text";
import { assessSource, diagramSource, type DiagramInput } from "./source";

const STATUS_STYLES: Record<HypothesisStatus, string> = {
  open: "fill:#f4f4f5,stroke:#71717a,color:#27272a",
  supported: "fill:#dbeafe,stroke:#2563eb,color:#1e3a8a",
  weakened: "fill:#fef3c7,stroke:#d97706,color:#78350f,stroke-dasharray:5 3",
  refuted: "fill:#fee2e2,stroke:#dc2626,color:#7f1d1d,stroke-dasharray:5 3",
  confirmed: "fill:#dcfce7,stroke:#16a34a,color:#14532d,stroke-width:3px",
};
const EVIDENCE_STYLE = "fill:#ffffff,stroke:#94a3b8,color:#1e293b";

/** Arrow per link type: solid for support, dotted for refutation and replacement, thick for confirmation. */
const ARROWS: Record<LinkType, string> = {
  supports: "-->|supports|",
  refutes: "-.->|refutes|",
  confirms: "==>|confirms|",
  cites: "-->|cites|",
  tests: "-->|tests|",
  supersedes: "-.->|supersedes|",
};

/**
 * Hypotheses and the entries linked to them, left to right: hypotheses are hexagons coloured by their
 * assessed status (which is also written in the label, for readers who cannot see the colours),
 * every other linked entry is a plain box, and each link is an arrow labelled with its type.
 */
export function hypothesisGraphMermaid(input: DiagramInput): string {
  const source = diagramSource(input);
  const assessments = assessSource(source);
  const linked = new Set(source.links.flatMap((link) => [link.from, link.to]));
  const nodes = source.entries.filter((entry) => entry.kind === "hypothesis" || linked.has(entry.key));
  const lines = ["flowchart LR"];
  if (nodes.length === 0) {
    lines.push(`  empty["${mermaidLabel("No hypotheses yet")}"]`);
    return lines.join("\n");
  }
  const ids = mermaidNodeIds(nodes.map((entry) => entry.key), "n_");
  const byStatus = new Map<HypothesisStatus, string[]>(HYPOTHESIS_STATUSES.map((status) => [status, []]));
  const others: string[] = [];
  for (const entry of nodes) {
    const id = ids.get(entry.key)!;
    const assessment = assessments.get(entry.key);
    if (entry.kind === "hypothesis" && assessment) {
      lines.push(`  ${id}{{"${mermaidLabel(entry.title)} #40;${assessment.status}#41;"}}`);
      byStatus.get(assessment.status)!.push(id);
    } else {
      lines.push(`  ${id}["${mermaidLabel(`${ENTRY_KIND_LABELS[entry.kind]}: ${entry.title}`)}"]`);
      others.push(id);
    }
  }
  for (const link of source.links) {
    const from = ids.get(link.from);
    const to = ids.get(link.to);
    if (from && to) lines.push(`  ${from} ${ARROWS[link.type]} ${to}`);
  }
  for (const status of HYPOTHESIS_STATUSES) {
    if (byStatus.get(status)!.length) lines.push(`  classDef ${status} ${STATUS_STYLES[status]}`);
  }
  if (others.length) lines.push(`  classDef linked ${EVIDENCE_STYLE}`);
  lines.push(...classLines([...HYPOTHESIS_STATUSES.map((status) => [status, byStatus.get(status)!] as [string, string[]]), ["linked", others]]));
  return lines.join("\n");
}
