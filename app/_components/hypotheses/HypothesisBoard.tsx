import type { IncidentDocument } from "@/lib/domain/incident-document";
import { hypothesisColumns } from "@/lib/view/hypothesis-board";
import { HypothesisCard } from "./HypothesisCard";

/** Columns open → supported → weakened → refuted → confirmed, from the links (or a stated override). */
export function HypothesisBoard({ document }: { document: IncidentDocument }) {
  const columns = hypothesisColumns(document);
  const total = columns.reduce((sum, column) => sum + column.cards.length, 0);
  if (total === 0) {
    return (
      <p className="empty-state" data-testid="board-empty">
        No hypotheses yet. Add a timeline entry of kind “Hypothesis”, then link evidence that supports, refutes or confirms it.
      </p>
    );
  }
  return (
    // Columns with cards share the width; empty ones stay narrow so long reasons get room to read.
    <div
      className="hypothesis-board"
      data-testid="hypothesis-board"
      style={{ gridTemplateColumns: columns.map((column) => (column.cards.length ? "minmax(15rem, 1fr)" : "minmax(8.5rem, 0.35fr)")).join(" ") }}
    >
      {columns.map((column) => (
        <section key={column.status} className={`board-column column-${column.status}`} data-testid={`board-column-${column.status}`}>
          <h3>
            {column.label} <span className="count">{column.cards.length}</span>
          </h3>
          {column.cards.length === 0 && <p className="muted small">None</p>}
          {column.cards.map((card) => (
            <HypothesisCard key={card.entry.key} slug={document.incident.slug} card={card} />
          ))}
        </section>
      ))}
    </div>
  );
}
