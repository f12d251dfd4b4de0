import { ENTRY_KINDS, groupByDay, localTimeLabel, type EntryKind } from "@/lib/domain";
import { classLines, mermaidLabel, mermaidNodeIds } from "./mermaid-text";
import { diagramSource, type DiagramEntry, type DiagramInput } from "./source";

/** Fill and stroke per entry kind; the class names avoid dashes so they read as one mermaid word. */
const KIND_STYLES: Record<EntryKind, string> = {
  observation: "fill:#e0f2fe,stroke:#0284c7,color:#0c4a6e",
  hypothesis: "fill:#fef9c3,stroke:#ca8a04,color:#713f12",
  evidence: "fill:#ede9fe,stroke:#7c3aed,color:#3b0764",
  decision: "fill:#ffedd5,stroke:#ea580c,color:#7c2d12",
  action: "fill:#f1f5f9,stroke:#475569,color:#1e293b",
  "root-cause": "fill:#fee2e2,stroke:#dc2626,color:#7f1d1d,stroke-width:2px",
  fix: "fill:#dcfce7,stroke:#16a34a,color:#14532d,stroke-width:2px",
  note: "fill:#f8fafc,stroke:#94a3b8,color:#334155",
};
export const kindClass = (kind: EntryKind) => `kind_${kind.replace(/-/g, "_")}`;

/** A node declaration whose shape hints at the kind; the label is already escaped. */
export function kindShape(kind: EntryKind, label: string): string {
  switch (kind) {
    case "hypothesis":
      return `{{"${label}"}}`;
    case "decision":
      return `(["${label}"])`;
    case "root-cause":
      return `[["${label}"]]`;
    default:
      return `["${label}"]`;
  }
}

/**
 * The timeline as a top-down flowchart: one subgraph per local calendar day ("Day N · date"), entries
 * in time order chained within the day, days chained to each other, nodes coloured by kind.
 */
export function timelineMermaid(input: DiagramInput): string {
  const source = diagramSource(input);
  const lines = ["flowchart TB"];
  if (source.entries.length === 0) {
    lines.push(`  empty["${mermaidLabel("No timeline entries yet")}"]`);
    return lines.join("\n");
  }
  const ids = mermaidNodeIds(source.entries.map((entry) => entry.key), "e_");
  // groupByDay compares `at` as text; UTC ISO strings compare in instant order whatever the offsets.
  const days = groupByDay(
    source.entries.map((entry) => ({ at: new Date(entry.at).toISOString(), entry })),
    source.timeZone,
  );
  const dayIds: string[] = [];
  for (const day of days) {
    const dayId = `day_${day.dayNumber}`;
    dayIds.push(dayId);
    lines.push(`  subgraph ${dayId}["${mermaidLabel(`Day ${day.dayNumber} · ${day.date}`)}"]`);
    lines.push("    direction TB");
    day.items.forEach(({ entry }, index) => {
      const label = mermaidLabel(`${localTimeLabel(entry.at, source.timeZone)} · ${entry.title}`);
      lines.push(`    ${ids.get(entry.key)}${kindShape(entry.kind, label)}`);
      if (index > 0) lines.push(`    ${ids.get(day.items[index - 1].entry.key)} --> ${ids.get(entry.key)}`);
    });
    lines.push("  end");
  }
  for (let i = 1; i < dayIds.length; i++) lines.push(`  ${dayIds[i - 1]} --> ${dayIds[i]}`);

  const used = ENTRY_KINDS.filter((kind) => source.entries.some((entry) => entry.kind === kind));
  for (const kind of used) lines.push(`  classDef ${kindClass(kind)} ${KIND_STYLES[kind]}`);
  const idsOfKind = (kind: EntryKind) =>
    source.entries.filter((entry: DiagramEntry) => entry.kind === kind).map((entry) => ids.get(entry.key)!);
  lines.push(...classLines(used.map((kind) => [kindClass(kind), idsOfKind(kind)])));
  return lines.join("\n");
}
