import type { DatabaseProvider } from "./config";
import type { Tx } from "./client";

/** Parameters per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 bind limits. */
const MAX_PARAMETERS_PER_STATEMENT = 10_000;

/**
 * Dates as Prisma itself stores them, so rows written here read back exactly like Prisma-written
 * ones: ISO text with "+00:00" in SQLite; UTC wall-clock text for PostgreSQL's TIMESTAMP(3).
 */
function encode(value: unknown, provider: DatabaseProvider): unknown {
  if (value instanceof Date) return provider === "sqlite" ? value.toISOString().replace("Z", "+00:00") : value.toISOString().slice(0, -1);
  return value ?? null;
}

/**
 * Multi-row INSERTs through the transaction's raw channel. Prisma's createMany costs about a
 * millisecond per row in its query engine; bulk imports of tens of thousands of rows cannot afford that.
 * Table and column names come from code, never from input.
 */
export async function bulkInsert(tx: Tx, provider: DatabaseProvider, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns.length));
  const columnList = columns.map((column) => `"${column}"`).join(", ");
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        params.push(encode(row[column], provider));
        return provider === "sqlite" ? "?" : `$${params.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(", ")}`, ...params);
  }
}
