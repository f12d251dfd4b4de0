import fs from "node:fs";
import Database from "better-sqlite3";
import type { DatabaseConfig } from "../config";
import { connectPostgres } from "./postgres-admin";
import { engineMessageText } from "./errors";
import { sha256Hex, type MigrationFolder } from "./files";

/**
 * Compares the migration folders with the `_prisma_migrations` table. Reads the table directly (no
 * schema engine) so `db status` is quick and never creates or changes anything.
 */
export type MigrationState = "applied" | "pending" | "failed" | "checksum-mismatch";

export interface MigrationStatusEntry {
  name: string;
  state: MigrationState;
  /** When it finished applying (applied / checksum-mismatch) or started (failed), ISO text. */
  at?: string;
  /** Why a failed migration failed (the engine's log, on one line). */
  logs?: string;
}

export interface MigrationStatus {
  provider: DatabaseConfig["provider"];
  /** False when the SQLite file or the PostgreSQL database does not exist yet. */
  databaseExists: boolean;
  /** One entry per migration folder, in folder order. */
  migrations: MigrationStatusEntry[];
  applied: string[];
  pending: string[];
  failed: string[];
  checksumMismatch: string[];
  /** Recorded as applied in the database but absent from the migrations folder (newer checkout?). */
  notInFolder: string[];
  upToDate: boolean;
}

export interface AppliedMigrationRow {
  migration_name: string;
  checksum: string;
  started_at: unknown;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
}

const HISTORY_QUERY =
  "SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at, migration_name";

/** Rows of `_prisma_migrations`; null when the database or the table does not exist. */
export async function readHistoryRows(config: DatabaseConfig): Promise<AppliedMigrationRow[] | null> {
  if (config.provider === "sqlite") {
    if (!fs.existsSync(config.filePath)) return null;
    const db = new Database(config.filePath, { readonly: true, fileMustExist: true });
    try {
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
      return table ? (db.prepare(HISTORY_QUERY).all() as AppliedMigrationRow[]) : [];
    } finally {
      db.close();
    }
  }
  let client;
  try {
    client = await connectPostgres(config.url);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === "3D000") return null;
    throw error;
  }
  try {
    const table = await client.query<{ present: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS present");
    if (!table.rows[0]?.present) return [];
    return (await client.query<AppliedMigrationRow>(HISTORY_QUERY)).rows;
  } finally {
    await client.end();
  }
}

/** Git on Windows may check migration.sql out with CRLF; Prisma accepts either ending, and so do we. */
function checksumMatches(folder: MigrationFolder, recorded: string): boolean {
  if (folder.checksum === recorded) return true;
  const lf = folder.sql.replace(/\r\n/g, "\n");
  return sha256Hex(lf) === recorded || sha256Hex(lf.replace(/\n/g, "\r\n")) === recorded;
}

function isoText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value)).toISOString();
  const parsed = new Date(String(value));
  return Number.isNaN(parsed.getTime()) ? String(value) : parsed.toISOString();
}

export function compareHistory(
  provider: DatabaseConfig["provider"],
  folders: MigrationFolder[],
  rows: AppliedMigrationRow[] | null,
): MigrationStatus {
  // A rolled-back row is an audit trail only: the migration counts as not applied.
  const live = (rows ?? []).filter((row) => row.rolled_back_at === null || row.rolled_back_at === undefined);
  const migrations = folders.map((folder): MigrationStatusEntry => {
    const mine = live.filter((row) => row.migration_name === folder.name);
    const finished = mine.filter((row) => row.finished_at !== null && row.finished_at !== undefined).at(-1);
    if (finished) {
      const state = checksumMatches(folder, finished.checksum) ? "applied" : "checksum-mismatch";
      return { name: folder.name, state, at: isoText(finished.finished_at) };
    }
    const failed = mine.at(-1);
    if (failed) return { name: folder.name, state: "failed", at: isoText(failed.started_at), logs: failed.logs ? engineMessageText(failed.logs) : undefined };
    return { name: folder.name, state: "pending" };
  });
  const names = new Set(folders.map((folder) => folder.name));
  const pick = (state: MigrationState) => migrations.filter((m) => m.state === state).map((m) => m.name);
  const status: MigrationStatus = {
    provider,
    databaseExists: rows !== null,
    migrations,
    applied: pick("applied"),
    pending: pick("pending"),
    failed: pick("failed"),
    checksumMismatch: pick("checksum-mismatch"),
    notInFolder: [...new Set(live.filter((row) => !names.has(row.migration_name)).map((row) => row.migration_name))],
    upToDate: false,
  };
  status.upToDate = status.pending.length === 0 && status.failed.length === 0 && status.checksumMismatch.length === 0;
  return status;
}
