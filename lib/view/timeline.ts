import type { IncidentDocument } from "../domain/incident-document";
import type { TimelineEntry } from "../domain/entry";
import type { LinkType } from "../domain/link";
import { formatZonedIso, groupByDay, localTimeLabel, type TimelineDay } from "../domain/entry-time";
import { DerivedViews } from "./memo";

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

/** A link as drawn on the page: with where its far end is (an anchor, or the full timeline). */
export type ShownEntryLink = EntryLinkView & { href: string };

export interface TimelineEntryView {
  entry: TimelineEntry;
  /** "16:30" on the incident's wall clock. */
  time: string;
  /** The entry time as ISO with the incident's offset (what the edit box starts with). */
  zonedIso: string;
  links: EntryLinkView[];
}

/** Every entry's links as the timeline shows them, indexed once (pages hold hundreds of entries). */
export function linkViewsByEntry(document: IncidentDocument): Map<string, EntryLinkView[]> {
  const titles = new Map(document.entries.map((entry) => [entry.key, entry.title]));
  const byEntry = new Map<string, EntryLinkView[]>();
  const add = (key: string, view: EntryLinkView) => {
    const list = byEntry.get(key);
    if (list) list.push(view);
    else byEntry.set(key, [view]);
  };
  for (const link of document.links) {
    for (const outgoing of [true, false]) {
      const ownKey = outgoing ? link.from : link.to;
      const otherKey = outgoing ? link.to : link.from;
      const otherTitle = titles.get(otherKey) ?? otherKey;
      const head = outgoing ? `${link.type} → ${otherTitle}` : `${INCOMING_VERBS[link.type]} ← ${otherTitle}`;
      add(ownKey, {
        id: link.id,
        direction: outgoing ? "outgoing" : "incoming",
        type: link.type,
        otherKey,
        otherTitle,
        note: link.note,
        label: link.note ? `${head}: ${link.note}` : head,
      });
    }
  }
  for (const views of byEntry.values()) views.sort((a, b) => (a.direction === b.direction ? 0 : a.direction === "outgoing" ? -1 : 1));
  return byEntry;
}

/** The timeline grouped by the incident's local calendar day ("Day 2 · 2019-12-20"). */
export function timelineDays(document: IncidentDocument): TimelineDay<TimelineEntryView>[] {
  return groupedTimelines.get(document.entries, [document.links, document.incident.timezone], () => groupTimeline(document));
}

const groupedTimelines = new DerivedViews<TimelineDay<TimelineEntryView>[]>();

function groupTimeline(document: IncidentDocument): TimelineDay<TimelineEntryView>[] {
  const zone = document.incident.timezone;
  const links = linkViewsByEntry(document);
  const views = document.entries.map((entry) => ({
    at: entry.at,
    entry,
    time: localTimeLabel(entry.at, zone),
    zonedIso: formatZonedIso(entry.at, zone),
    links: links.get(entry.key) ?? [],
  }));
  return groupByDay(views, zone);
}

export const dayHeading = (day: { dayNumber: number; date: string }) => `Day ${day.dayNumber} · ${day.date}`;

/**
 * Long timelines show their start and end (how it began, how it was settled); the middle is one
 * click away (`?timeline=all`), as long PR timelines do. Short ones (the worked example) stay whole.
 */
export const TIMELINE_WINDOW = { threshold: 60, head: 20, tail: 20 };

export interface TimelineWindow<T> {
  before: TimelineDay<T>[];
  /** Entries left out between `before` and `after` (0: everything is in `before`). */
  hidden: number;
  after: TimelineDay<T>[];
}

function sliceDays<T>(days: TimelineDay<T>[], from: number, to: number): TimelineDay<T>[] {
  const result: TimelineDay<T>[] = [];
  let index = 0;
  for (const day of days) {
    const items = day.items.slice(Math.max(0, from - index), Math.max(0, to - index));
    index += day.items.length;
    if (items.length) result.push({ ...day, items });
  }
  return result;
}

/** Keeps the first `head` and last `tail` entries of a day-grouped timeline longer than `threshold`. */
export function windowTimeline<T>(days: TimelineDay<T>[], showAll: boolean, window = TIMELINE_WINDOW): TimelineWindow<T> {
  const total = days.reduce((sum, day) => sum + day.items.length, 0);
  if (showAll || total <= window.threshold) return { before: days, hidden: 0, after: [] };
  return { before: sliceDays(days, 0, window.head), hidden: total - window.head - window.tail, after: sliceDays(days, total - window.tail, total) };
}

/** The entry keys a window shows (links to any other entry must open the full timeline). */
export function shownEntryKeys(window: TimelineWindow<{ entry: { key: string } }>): Set<string> {
  const keys = new Set<string>();
  for (const day of [...window.before, ...window.after]) for (const item of day.items) keys.add(item.entry.key);
  return keys;
}

/** The page's view switches (`?timeline=all`, `?board=all`), kept by every link the page draws. */
export interface IncidentPageView {
  timelineAll: boolean;
  boardAll: boolean;
}

export function incidentPageView(query: Record<string, string | string[] | undefined>): IncidentPageView {
  return { timelineAll: query.timeline === "all", boardAll: query.board === "all" };
}

/** The incident page's address with these view switches ("" when both are off). */
export function incidentPageHref(slug: string, view: IncidentPageView, hash = ""): string {
  const params = new URLSearchParams();
  if (view.timelineAll) params.set("timeline", "all");
  if (view.boardAll) params.set("board", "all");
  const query = params.toString();
  return `/incidents/${encodeURIComponent(slug)}${query ? `?${query}` : ""}${hash}`;
}

/**
 * Where a link to an entry goes: its anchor on this page when the entry is shown, else the same
 * page with the whole timeline (`?timeline=all#entry-…`), so no link leads nowhere.
 */
export function entryAnchor(slug: string, view: IncidentPageView, shown: ReadonlySet<string> | null): (key: string) => string {
  return (key) => {
    const hash = `#entry-${key}`;
    if (view.timelineAll || !shown || shown.has(key)) return hash;
    return incidentPageHref(slug, { ...view, timelineAll: true }, hash);
  };
}
