import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import type { DatabaseConfig, SqliteDatabaseConfig } from "./config";

/**
 * Driver adapter factories for the generated Prisma clients. Every code path (app, CLI, migrations,
 * tests) must build its adapter here so SQLite DateTime values are written in one format.
 */
export interface AdapterOptions {
  /** PostgreSQL pool settings (max connections, timeouts); the connection string comes from the config. */
  pool?: Omit<pg.PoolConfig, "connectionString">;
}

/** SQLite stores DateTime as ISO-8601 text, the adapter's default, spelled out so it never drifts. */
const SQLITE_TIMESTAMP_FORMAT = "iso8601" as const;

export function createAdapterFactory(config: DatabaseConfig, options: AdapterOptions = {}): SqlMigrationAwareDriverAdapterFactory {
  if (config.provider === "sqlite") {
    ensureSqliteDirectory(config);
    return new PrismaBetterSqlite3({ url: config.url }, { timestampFormat: SQLITE_TIMESTAMP_FORMAT });
  }
  return new PrismaPg({ ...options.pool, connectionString: config.url });
}

/** better-sqlite3 creates the file but not its folder (the default data/ is not in git). */
export function ensureSqliteDirectory(config: SqliteDatabaseConfig): void {
  fs.mkdirSync(path.dirname(config.filePath), { recursive: true });
}
