import { InvalidInputError, UnprocessableError } from "../../errors";

/**
 * The database named by DATABASE_URL (or the PostgreSQL used to diff migrations) cannot be reached
 * or refuses the login. A configuration problem for the operator, hence "bad input" (CLI exit 2).
 */
export class DatabaseUnreachableError extends InvalidInputError {}

/**
 * The migration history cannot be applied or diffed as it stands: a migration failed, an applied
 * migration.sql was edited afterwards, or the schema engine rejected the input.
 */
export class MigrationError extends UnprocessableError {}

/**
 * Engine messages (and the logs it stores in _prisma_migrations) are Rust errors followed by a span
 * trace ("   0: sql_schema_connector::…  at …"). Keep the message proper, on one line.
 */
export function engineMessageText(message: string): string {
  const lines = message.split("\n");
  const traceStart = lines.findIndex((line) => /^\s+\d+: \S+::/.test(line));
  const kept = (traceStart >= 0 ? lines.slice(0, traceStart) : lines).map((line) => line.trim()).filter(Boolean);
  // "external connector error" only says the adapter failed; the next line says how.
  if (kept.length > 1 && /^external connector error$/i.test(kept[0])) kept.shift();
  return kept.join(" ").replace(/\s+/g, " ").trim();
}
