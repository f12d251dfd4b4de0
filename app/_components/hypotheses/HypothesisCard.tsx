import type { EvidenceRef } from "@/lib/domain/hypothesis-status";
import type { HypothesisCardView } from "@/lib/view/hypothesis-board";
import { HYPOTHESIS_STATUS_LABELS } from "@/lib/view/hypothesis-board";
import { StatusOverrideControl } from "./StatusOverrideControl";

/** Evidence under a heading; a note already quoted in the card's reason is not repeated. */
function EvidenceList({ title, refs, tone, reason, entryHref }: { title: string; refs: EvidenceRef[]; tone: "for" | "against" | "tests"; reason: string; entryHref: (key: string) => string }) {
  if (refs.length === 0) return null;
  return (
    <div className={`evidence evidence-${tone}`} data-testid={`evidence-${tone}`}>
      <div className="evidence-title">{title}</div>
      <ul>
        {refs.map((ref) => (
          <li key={`${ref.entryKey}-${ref.note}`}>
            <a href={entryHref(ref.entryKey)}>{ref.title}</a>
            {ref.note && !reason.includes(`(${ref.note})`) && <span className="muted"> — {ref.note}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * One hypothesis on the board: the reason it stands where it does, evidence both ways, override.
 * `entryHref` says where a link to an entry goes (its anchor, or the full timeline if it is hidden).
 */
export function HypothesisCard({ slug, card, entryHref }: { slug: string; card: HypothesisCardView; entryHref: (key: string) => string }) {
  const { entry, assessment } = card;
  return (
    <article className={`hypothesis-card hypothesis-card-${assessment.status}`} data-testid="hypothesis-card" data-entry-key={entry.key} data-status={assessment.status}>
      <h4>
        <a href={entryHref(entry.key)}>{entry.title}</a>
      </h4>
      <p className="hypothesis-reason" data-testid="hypothesis-reason">
        {assessment.reason}
      </p>
      {assessment.overridden && (
        <p className="muted small">Evidence alone says: {HYPOTHESIS_STATUS_LABELS[assessment.derivedStatus].toLowerCase()}.</p>
      )}
      <EvidenceList title="For" refs={[...assessment.confirming, ...assessment.supporting]} tone="for" reason={assessment.reason} entryHref={entryHref} />
      <EvidenceList title="Against" refs={assessment.refuting} tone="against" reason={assessment.reason} entryHref={entryHref} />
      <EvidenceList title="Tested by" refs={assessment.testedBy} tone="tests" reason={assessment.reason} entryHref={entryHref} />
      <StatusOverrideControl slug={slug} entryKey={entry.key} version={entry.version} current={entry.statusOverride} currentReason={entry.statusReason} />
    </article>
  );
}
