import Database from "better-sqlite3";
import type { Db } from "../db/client";

/**
 * Searches on SQLite read through their own read-only better-sqlite3 connection to the same file,
 * with prepared statements kept per SQL text. Going through Prisma's driver adapter costs far more
 * than the full-text lookups themselves (each raw query is serialised, queued and decoded again);
 * a search is several small statements, so that overhead decided the latency.
 *
 * Reads only: every write — and so every index update — still goes through Prisma in the writer's
 * transaction. SQLite gives this connection the last committed state, like any other reader; during
 * a writer's commit it waits (busy timeout) instead of failing. One reader per client, for the
 * client's lifetime: it holds no lock between statements and never keeps the process alive.
 */

interface Reader {
  connection: Database.Database;
  statements: Map<string, Database.Statement>;
}

const readers = new WeakMap<Db, Promise<Reader>>();
const BUSY_TIMEOUT_MS = 5_000;
/** Different SQL texts are few (filters combine into a handful of shapes); the cap is only a guard. */
const MAX_STATEMENTS = 200;

async function openReader(db: Db): Promise<Reader> {
  // The file Prisma's connection has open (the same path resolution as the app's, by construction).
  const rows = await db.$queryRawUnsafe<Array<{ name: string; file: string }>>("PRAGMA database_list");
  const file = rows.find((row) => row.name === "main")?.file;
  if (!file) throw new Error("search: cannot tell which SQLite file the database client uses");
  const connection = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  return { connection, statements: new Map() };
}

function readerFor(db: Db): Promise<Reader> {
  let reader = readers.get(db);
  if (!reader) {
    reader = openReader(db);
    reader.catch(() => readers.delete(db));
    readers.set(db, reader);
  }
  return reader;
}

/** The first row of a read-only statement, as an object (columns by name). */
export async function readRow<T>(db: Db, sql: string, ...params: unknown[]): Promise<T> {
  const reader = await readerFor(db);
  let statement = reader.statements.get(sql);
  if (!statement) {
    if (reader.statements.size >= MAX_STATEMENTS) reader.statements.clear();
    statement = reader.connection.prepare(sql);
    reader.statements.set(sql, statement);
  }
  return statement.get(...params) as T;
}
