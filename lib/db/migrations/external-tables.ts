import type { DatabaseProvider } from "../config";

/**
 * Tables that migrations create by hand and the Prisma schema does not describe (full-text search).
 * The schema engine must treat them as externally managed, or the next `db new-migration` generates
 * DROP TABLE statements for them. SQLite FTS5 also creates shadow tables: list them via fts5Tables().
 * Names are plain table names; the engine wants them bare for SQLite and schema-qualified for
 * PostgreSQL, which externalTableFilter() takes care of.
 */
export const EXTERNAL_TABLES: Record<DatabaseProvider, readonly string[]> = {
  // lib/search: FTS5 over SearchDocument (SQLite); tokens + generated tsvector with a GIN index (PostgreSQL).
  sqlite: fts5Tables("search_index"),
  postgresql: ["search_index"],
};

/** An FTS5 virtual table and the shadow tables SQLite creates for it. */
export function fts5Tables(name: string): string[] {
  return [name, ...["config", "content", "data", "docsize", "idx"].map((suffix) => `${name}_${suffix}`)];
}

/** One list for every provider, or a list per provider. */
export type ExternalTables = readonly string[] | Partial<Record<DatabaseProvider, readonly string[]>>;

/**
 * The filter the engine accepts: bare names for SQLite, `public.name` for PostgreSQL. The project's
 * own EXTERNAL_TABLES are always included, so no caller can forget them and diff them away.
 */
export function externalTableFilter(provider: DatabaseProvider, tables: ExternalTables | undefined): string[] {
  const given = tables === undefined ? [] : isProviderMap(tables) ? (tables[provider] ?? []) : tables;
  const names = [...new Set([...EXTERNAL_TABLES[provider], ...given])];
  return names.map((name) => {
    const dot = name.indexOf(".");
    if (provider === "sqlite") return dot >= 0 ? name.slice(dot + 1) : name;
    return dot >= 0 ? name : `public.${name}`;
  });
}

function isProviderMap(tables: ExternalTables): tables is Partial<Record<DatabaseProvider, readonly string[]>> {
  return !Array.isArray(tables);
}
