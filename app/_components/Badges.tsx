import { ENTRY_KIND_LABELS, type EntryKind, type HypothesisStatus } from "@/lib/domain/entry";
import { INCIDENT_STATUS_LABELS, type IncidentStatus, type Severity } from "@/lib/domain/incident";
import { HYPOTHESIS_STATUS_LABELS } from "@/lib/view/hypothesis-board";

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <span className={`badge status-${status}`} data-testid="incident-status">
      {INCIDENT_STATUS_LABELS[status]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge severity-${severity}`} data-testid="incident-severity">
      {severity.toUpperCase()}
    </span>
  );
}

export function KindBadge({ kind }: { kind: EntryKind }) {
  return <span className={`badge kind-badge kind-${kind}`}>{ENTRY_KIND_LABELS[kind]}</span>;
}

export function HypothesisStatusBadge({ status }: { status: HypothesisStatus }) {
  return <span className={`badge hypothesis-${status}`}>{HYPOTHESIS_STATUS_LABELS[status]}</span>;
}

/** Services or tags as small chips; nothing when the list is empty. */
export function LabelList({ items, kind }: { items: string[]; kind: "service" | "tag" }) {
  if (items.length === 0) return null;
  return (
    <ul className={`chips chips-${kind}`}>
      {items.map((item) => (
        <li key={item} className="chip">
          {kind === "tag" ? `#${item}` : item}
        </li>
      ))}
    </ul>
  );
}
