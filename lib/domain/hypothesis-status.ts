import type { HypothesisStatus, TimelineEntry } from "./entry";
import type { EntryLink } from "./link";

export interface EvidenceRef {
  entryKey: string;
  title: string;
  at: string;
  note: string;
}

export interface HypothesisAssessment {
  key: string;
  status: HypothesisStatus;
  /** What the links alone say, before any override. */
  derivedStatus: HypothesisStatus;
  overridden: boolean;
  /** Why the hypothesis stands where it does, in one sentence a reader can check. */
  reason: string;
  supporting: EvidenceRef[];
  refuting: EvidenceRef[];
  confirming: EvidenceRef[];
  testedBy: EvidenceRef[];
}

/**
 * Status from evidence: confirmation without contrary evidence confirms; contrary evidence alone
 * refutes; evidence both ways only weakens — a reviewer must then settle it with an override.
 */
export function deriveHypothesisStatus(counts: { supports: number; refutes: number; confirms: number }): HypothesisStatus {
  const { supports, refutes, confirms } = counts;
  if (confirms > 0 && refutes === 0) return "confirmed";
  if (refutes > 0 && supports === 0 && confirms === 0) return "refuted";
  if (refutes > 0) return "weakened";
  if (supports > 0) return "supported";
  return "open";
}

export function assessHypotheses(entries: TimelineEntry[], links: EntryLink[]): Map<string, HypothesisAssessment> {
  const byKey = new Map(entries.map((entry) => [entry.key, entry]));
  const result = new Map<string, HypothesisAssessment>();
  for (const hypothesis of entries.filter((entry) => entry.kind === "hypothesis")) {
    const incoming = links
      .filter((link) => link.to === hypothesis.key)
      .map((link) => ({ link, from: byKey.get(link.from) }))
      .filter((pair): pair is { link: EntryLink; from: TimelineEntry } => Boolean(pair.from))
      .sort((a, b) => Date.parse(a.from.at) - Date.parse(b.from.at) || a.from.key.localeCompare(b.from.key));
    const refsOf = (type: EntryLink["type"]) =>
      incoming
        .filter((pair) => pair.link.type === type)
        .map(({ link, from }) => ({ entryKey: from.key, title: from.title, at: from.at, note: link.note }));
    const supporting = refsOf("supports");
    const refuting = refsOf("refutes");
    const confirming = refsOf("confirms");
    const testedBy = refsOf("tests");
    const derivedStatus = deriveHypothesisStatus({
      supports: supporting.length,
      refutes: refuting.length,
      confirms: confirming.length,
    });
    const overridden = hypothesis.statusOverride !== null && hypothesis.statusOverride !== derivedStatus;
    const status = hypothesis.statusOverride ?? derivedStatus;
    result.set(hypothesis.key, {
      key: hypothesis.key,
      status,
      derivedStatus,
      overridden,
      reason: hypothesis.statusOverride
        ? `Set to ${status} by hand: ${hypothesis.statusReason}`
        : explain(derivedStatus, { supporting, refuting, confirming }),
      supporting,
      refuting,
      confirming,
      testedBy,
    });
  }
  return result;
}

function describe(refs: EvidenceRef[]): string {
  return refs.map((ref) => (ref.note ? `“${ref.title}” (${ref.note})` : `“${ref.title}”`)).join("; ");
}

function explain(
  status: HypothesisStatus,
  refs: { supporting: EvidenceRef[]; refuting: EvidenceRef[]; confirming: EvidenceRef[] },
): string {
  switch (status) {
    case "confirmed":
      return `Confirmed by ${describe(refs.confirming)}`;
    case "refuted":
      return `Refuted by ${describe(refs.refuting)}`;
    case "weakened":
      return `Evidence both ways — against: ${describe(refs.refuting)}; for: ${describe([...refs.confirming, ...refs.supporting])}`;
    case "supported":
      return `Supported by ${describe(refs.supporting)}`;
    case "open":
      return "No evidence linked yet";
  }
}
