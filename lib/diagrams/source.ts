import {
  assessHypotheses,
  type EntryKind,
  type EntryLink,
  type HypothesisAssessment,
  type HypothesisStatus,
  type LinkType,
  type TimelineEntry,
} from "@/lib/domain";

/** What the diagrams read from an entry; both TimelineEntry and the portable entry have it. */
export interface DiagramEntry {
  key: string;
  at: string;
  kind: EntryKind;
  title: string;
  statusOverride: HypothesisStatus | null;
  statusReason: string;
}

export interface DiagramLink {
  from: string;
  to: string;
  type: LinkType;
  note: string;
}

/** An IncidentDocument (zone on `incident`) or a PortableIncident (zone on top). */
export type DiagramInput =
  | { timezone: string; entries: DiagramEntry[]; links: DiagramLink[] }
  | { incident: { timezone: string }; entries: DiagramEntry[]; links: DiagramLink[] };

export interface DiagramSource {
  timeZone: string;
  /** By instant, then key. */
  entries: DiagramEntry[];
  /** By from, to, type. */
  links: DiagramLink[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function diagramSource(input: DiagramInput): DiagramSource {
  const timeZone = "incident" in input ? input.incident.timezone : input.timezone;
  const entries = [...input.entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || compare(a.key, b.key));
  const links = [...input.links].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.type, b.type));
  return { timeZone, entries, links };
}

/** assessHypotheses over diagram data; the database-only fields it does not read are filled in. */
export function assessSource(source: DiagramSource): Map<string, HypothesisAssessment> {
  const entries: TimelineEntry[] = source.entries.map((entry) => ({
    id: entry.key,
    key: entry.key,
    at: new Date(entry.at).toISOString(),
    recordedAt: entry.at,
    kind: entry.kind,
    title: entry.title,
    body: "",
    author: "",
    statusOverride: entry.statusOverride,
    statusReason: entry.statusReason,
    version: 1,
    createdAt: entry.at,
    updatedAt: entry.at,
  }));
  const links: EntryLink[] = source.links.map((link) => ({
    id: `${link.from}:${link.type}:${link.to}`,
    from: link.from,
    to: link.to,
    type: link.type,
    note: link.note,
    createdAt: "",
  }));
  return assessHypotheses(entries, links);
}
