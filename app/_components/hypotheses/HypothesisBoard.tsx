import type { IncidentDocument } from "@/lib/domain/incident-document";
import { capColumns, hypothesisColumns } from "@/lib/view/hypothesis-board";
import { HypothesisCard } from "./HypothesisCard";

interface HypothesisBoardProps {
  document: IncidentDocument;
  /** Every card in every column (`?board=all`), not only the first of each. */
  showAll?: boolean;
  /** The page with every card shown (keeps the page's other view switches). */
  showAllHref: string;
  /** Where a link to an entry goes (its anchor, or the full timeline when the entry is not shown). */
  entryHref: (key: string) => string;
}

/** Columns open → supported → weakened → refuted → confirmed, from the links (or a stated override). */
export function HypothesisBoard({ document, showAll = false, showAllHref, entryHref }: HypothesisBoardProps) {
  const columns = capColumns(hypothesisColumns(document), showAll);
  const total = columns.reduce((sum, column) => sum + column.total, 0);
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
      style={{ gridTemplateColumns: columns.map((column) => (column.total ? "minmax(15rem, 1fr)" : "minmax(8.5rem, 0.35fr)")).join(" ") }}
    >
      {columns.map((column) => (
        <section key={column.status} className={`board-column column-${column.status}`} data-testid={`board-column-${column.status}`}>
          <h3>
            {column.label} <span className="count" data-testid="board-column-count">{column.total}</span>
          </h3>
          {column.total === 0 && <p className="muted small">None</p>}
          {column.cards.map((card) => (
            <HypothesisCard key={card.entry.key} slug={document.incident.slug} card={card} entryHref={entryHref} />
          ))}
          {column.cards.length < column.total && (
            <p className="board-column-more no-print">
              <a className="button subtle small" href={showAllHref} data-testid="board-show-all">
                Show all {column.total}
              </a>
            </p>
          )}
        </section>
      ))}
    </div>
  );
}
