import type { Tx } from "../db/client";
import { builtinSources } from "./builtin-sources";
import { librarySources } from "./library-sources";
import { KIND_MASK } from "./layout";

/** One searchable text as a source hands it to the index. */
export interface SearchDocumentInput {
  /** The incident it belongs to; null for library documents (checklist items, runbook steps). */
  incidentId: string | null;
  /** The indexed thing's id, unique within its kind and incident. */
  entityId: string;
  /** Its human handle in results and links (entry key, lesson slug, incident slug, item code, step id). */
  handle: string;
  /** A sub-kind shown next to the hit, e.g. the entry kind "hypothesis". */
  detail?: string;
  /** Plain text, one line. */
  title: string;
  /** Markdown or plain text. */
  body: string;
  at?: Date | null;
}

interface SourceBase {
  /** Name used in the API (`type`, `?kind=`) — lower-case words with dashes. */
  kind: string;
  /** 1–15, stored in every document id of the kind (lib/search/layout.ts); never reuse a retired code. */
  code: number;
  /** Plural label for facets, e.g. "Timeline entries". */
  label: string;
  /** The documents of one entity as it is now; none when it no longer exists. */
  documentsOf(tx: Tx, entityId: string): Promise<SearchDocumentInput[]>;
  /** Where a hit opens (incidentSlug is null for library documents). */
  url(incidentSlug: string | null, handle: string): string;
}

/** Things written inside incidents: incidents, timeline entries, lessons (one document per incident). */
export interface IncidentSearchSource extends SourceBase {
  scope: "incident";
  /** The documents of every entity of this kind in the given incidents (rebuilds, imports). */
  documentsOfIncidents(tx: Tx, incidentIds: string[]): Promise<SearchDocumentInput[]>;
}

/** Things that belong to no incident (checklist items, runbook steps): one document each, incidentId null. */
export interface LibrarySearchSource extends SourceBase {
  scope: "library";
  /** Every document of this kind (rebuilds and idempotent re-syncs). */
  documentsOfLibrary(tx: Tx): Promise<LibraryDocuments>;
}

export interface LibraryDocuments {
  documents: SearchDocumentInput[];
  /** Indexed entities (by entityId) a re-sync must keep although they are not among `documents`. */
  keep?: (entityId: string) => boolean;
}

/**
 * A kind of searchable thing. Adding a kind is one call, `registerSearchSource(source)`, plus
 * `searchIndex.sync(tx, kind, id)` in the kind's write paths (or, for content read from files,
 * `searchIndex.syncLibraryKind`); `casebook search reindex` then picks it up.
 */
export type SearchSource = IncidentSearchSource | LibrarySearchSource;

const byKind = new Map<string, SearchSource>();
const byCode = new Map<number, SearchSource>();

export function registerSearchSource(source: SearchSource): void {
  if (!/^[a-z]+(?:-[a-z]+)*$/.test(source.kind)) throw new Error(`search kind "${source.kind}" must be lower-case words joined by dashes`);
  if (!Number.isInteger(source.code) || source.code < 1 || source.code > KIND_MASK) throw new Error(`search kind "${source.kind}": code must be 1–${KIND_MASK}`);
  const clash = byKind.get(source.kind) ?? byCode.get(source.code);
  if (clash && clash !== source) throw new Error(`search kind "${source.kind}" (code ${source.code}) clashes with "${clash.kind}" (code ${clash.code})`);
  byKind.set(source.kind, source);
  byCode.set(source.code, source);
}

for (const source of [...builtinSources, ...librarySources]) registerSearchSource(source);

export function searchSources(): SearchSource[] {
  return [...byKind.values()].sort((a, b) => a.code - b.code);
}

export function sourceOfKind(kind: string): SearchSource | undefined {
  return byKind.get(kind);
}

export function sourceOfCode(code: number): SearchSource | undefined {
  return byCode.get(code);
}
