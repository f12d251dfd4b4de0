/**
 * Tables that migrations create by hand and the Prisma schema does not describe (full-text search
 * indexes and their shadow tables). The schema engine treats them as externally managed: without
 * this list the next `db new-migration` would generate DROP TABLE statements for them.
 * Add the exact table names (for SQLite FTS5 also the `<name>_data`, `_idx`, `_content`, `_docsize`
 * and `_config` tables it creates).
 */
export const EXTERNAL_TABLES: readonly string[] = [];
