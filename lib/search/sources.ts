import type { Tx } from "../db/client";
import { builtinSources } from "./builtin-sources";
import { KIND_MASK } from "./layout";

/** One searchable text as a source hands it to the index. */
export interface SearchDocumentInput {
  incidentId: string;
  /** The indexed thing's id, unique within its kind and incident. */
  entityId: string;
  /** Its human handle in results and links (entry key, lesson slug, incident slug). */
  handle: string;
  /** A sub-kind shown next to the hit, e.g. the entry kind "hypothesis". */
  detail?: string;
  /** Plain text, one line. */
  title: string;
  /** Markdown or plain text. */
  body: string;
  at?: Date | null;
}

/**
 * A kind of searchable thing. Adding a kind (checklist items, runbook steps…) is one call,
 * `registerSearchSource(source)`, plus `searchIndex.sync(tx, kind, id)` in the kind's write paths;
 * `casebook search reindex` then picks it up through documentsOfIncidents.
 */
export interface SearchSource {
  /** Name used in the API (`type`, `?kind=`) — lower-case words with dashes. */
  kind: string;
  /** 1–15, stored in every document id of the kind (lib/search/layout.ts); never reuse a retired code. */
  code: number;
  /** Plural label for facets, e.g. "Timeline entries". */
  label: string;
  /** The documents of one entity as it is now; none when it no longer exists. */
  documentsOf(tx: Tx, entityId: string): Promise<SearchDocumentInput[]>;
  /** The documents of every entity of this kind in the given incidents (rebuilds, imports). */
  documentsOfIncidents(tx: Tx, incidentIds: string[]): Promise<SearchDocumentInput[]>;
  /** Where a hit opens. */
  url(incidentSlug: string, handle: string): string;
}

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

for (const source of builtinSources) registerSearchSource(source);

export function searchSources(): SearchSource[] {
  return [...byKind.values()].sort((a, b) => a.code - b.code);
}

export function sourceOfKind(kind: string): SearchSource | undefined {
  return byKind.get(kind);
}

export function sourceOfCode(code: number): SearchSource | undefined {
  return byCode.get(code);
}
