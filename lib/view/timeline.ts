import type { IncidentDocument } from "../domain/incident-document";
import type { TimelineEntry } from "../domain/entry";
import type { LinkType } from "../domain/link";
import { formatZonedIso, groupByDay, localTimeLabel, type TimelineDay } from "../domain/entry-time";

/** How a link reads from the entry at its far end ("refuted by"). */
const INCOMING_VERBS: Record<LinkType, string> = {
  supports: "supported by",
  refutes: "refuted by",
  confirms: "confirmed by",
  cites: "cited by",
  tests: "tested by",
  supersedes: "superseded by",
};

export interface EntryLinkView {
  id: string;
  direction: "outgoing" | "incoming";
  type: LinkType;
  otherKey: string;
  otherTitle: string;
  note: string;
  /** e.g. "refutes → Rax tree leak: note" or "refuted by ← Hexdump shows sdshdr8 key strings". */
  label: string;
}

export interface TimelineEntryView {
  entry: TimelineEntry;
  /** "16:30" on the incident's wall clock. */
  time: string;
  /** The entry time as ISO with the incident's offset (what the edit box starts with). */
  zonedIso: string;
  links: EntryLinkView[];
}

export function linksOfEntry(document: IncidentDocument, key: string): EntryLinkView[] {
  const titles = new Map(document.entries.map((entry) => [entry.key, entry.title]));
  const views: EntryLinkView[] = [];
  for (const link of document.links) {
    if (link.from !== key && link.to !== key) continue;
    const outgoing = link.from === key;
    const otherKey = outgoing ? link.to : link.from;
    const otherTitle = titles.get(otherKey) ?? otherKey;
    const head = outgoing ? `${link.type} → ${otherTitle}` : `${INCOMING_VERBS[link.type]} ← ${otherTitle}`;
    views.push({
      id: link.id,
      direction: outgoing ? "outgoing" : "incoming",
      type: link.type,
      otherKey,
      otherTitle,
      note: link.note,
      label: link.note ? `${head}: ${link.note}` : head,
    });
  }
  return views.sort((a, b) => (a.direction === b.direction ? 0 : a.direction === "outgoing" ? -1 : 1));
}

/** The timeline grouped by the incident's local calendar day ("Day 2 · 2019-12-20"). */
export function timelineDays(document: IncidentDocument): TimelineDay<TimelineEntryView>[] {
  const zone = document.incident.timezone;
  const views = document.entries.map((entry) => ({
    at: entry.at,
    entry,
    time: localTimeLabel(entry.at, zone),
    zonedIso: formatZonedIso(entry.at, zone),
    links: linksOfEntry(document, entry.key),
  }));
  return groupByDay(views, zone);
}

export const dayHeading = (day: { dayNumber: number; date: string }) => `Day ${day.dayNumber} · ${day.date}`;
