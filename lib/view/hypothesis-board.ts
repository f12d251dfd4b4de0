import type { IncidentDocument } from "../domain/incident-document";
import { HYPOTHESIS_STATUSES, type HypothesisStatus, type TimelineEntry } from "../domain/entry";
import { assessHypotheses, type HypothesisAssessment } from "../domain/hypothesis-status";
import { DerivedViews } from "./memo";

export const HYPOTHESIS_STATUS_LABELS: Record<HypothesisStatus, string> = {
  open: "Open",
  supported: "Supported",
  weakened: "Weakened",
  refuted: "Refuted",
  confirmed: "Confirmed",
};

export interface HypothesisCardView {
  entry: TimelineEntry;
  assessment: HypothesisAssessment;
}

export interface HypothesisColumn {
  status: HypothesisStatus;
  label: string;
  cards: HypothesisCardView[];
}

/** Every hypothesis with its assessment, in timeline order. */
export function hypothesisCards(document: IncidentDocument): HypothesisCardView[] {
  return assessedCards.get(document.entries, [document.links], () => assessCards(document));
}

const assessedCards = new DerivedViews<HypothesisCardView[]>();

function assessCards(document: IncidentDocument): HypothesisCardView[] {
  const assessments = assessHypotheses(document.entries, document.links);
  return document.entries
    .filter((entry) => entry.kind === "hypothesis")
    .map((entry) => ({ entry, assessment: assessments.get(entry.key)! }))
    .filter((card) => Boolean(card.assessment));
}

/** The board: one column per status, always all five (an empty column says something too). */
export function hypothesisColumns(document: IncidentDocument): HypothesisColumn[] {
  const cards = hypothesisCards(document);
  return HYPOTHESIS_STATUSES.map((status) => ({
    status,
    label: HYPOTHESIS_STATUS_LABELS[status],
    cards: cards.filter((card) => card.assessment.status === status),
  }));
}

/**
 * A board with many hypotheses shows the first cards of each column (in timeline order) and the rest
 * on request (`?board=all`); column headers always count every card.
 */
export const BOARD_COLUMN_CAP = 8;

export interface CappedHypothesisColumn extends HypothesisColumn {
  /** Every card in the column, shown or not. */
  total: number;
}

export function capColumns(columns: HypothesisColumn[], showAll: boolean, cap = BOARD_COLUMN_CAP): CappedHypothesisColumn[] {
  return columns.map((column) => ({ ...column, total: column.cards.length, cards: showAll ? column.cards : column.cards.slice(0, cap) }));
}
