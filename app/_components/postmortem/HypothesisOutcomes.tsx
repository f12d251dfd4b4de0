import type { IncidentDocument } from "@/lib/domain/incident-document";
import { hypothesisCards } from "@/lib/view/hypothesis-board";
import { HypothesisStatusBadge } from "../Badges";

/** Each hypothesis and how it was settled, with the reason a reader can check. */
export function HypothesisOutcomes({ document }: { document: IncidentDocument }) {
  const cards = hypothesisCards(document);
  if (cards.length === 0) return <p className="muted">No hypotheses were recorded.</p>;
  return (
    <ol className="hypothesis-outcomes" data-testid="postmortem-hypotheses">
      {cards.map(({ entry, assessment }) => (
        <li key={entry.key} className={`outcome outcome-${assessment.status}`}>
          <div className="outcome-heading">
            <HypothesisStatusBadge status={assessment.status} />
            <strong>{entry.title}</strong>
          </div>
          <p>{assessment.reason}</p>
          {assessment.testedBy.length > 0 && (
            <p className="muted small">Tested by: {assessment.testedBy.map((ref) => `“${ref.title}”${ref.note ? ` (${ref.note})` : ""}`).join("; ")}</p>
          )}
        </li>
      ))}
    </ol>
  );
}
