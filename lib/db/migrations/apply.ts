import { ensureSqliteDirectory } from "../adapters";
import { describeDatabase, projectRoot, type DatabaseConfig } from "../config";
import { openEngineSession } from "./engine";
import { MigrationError } from "./errors";
import { migrationsDirectory, readMigrationFolders, toMigrationList, type MigrationFolder } from "./files";
import { externalTableFilter, type ExternalTables } from "./external-tables";
import { compareHistory, readHistoryRows, type MigrationStatus } from "./history";
import { postgresMigrationFactory, sqliteMigrationFactory, type MigrationAdapterFactory } from "./migration-adapters";
import { ensurePostgresDatabase } from "./postgres-admin";
import { readSchemaFor } from "./postgres-schema";

export type { MigrationState, MigrationStatus, MigrationStatusEntry } from "./history";

export interface MigrationOptions {
  /** Project root holding prisma/ (default: this checkout). */
  root?: string;
  /** Progress lines ("applied 2025…_init"). */
  log?: (line: string) => void;
  /** Tables created by hand in migrations (full-text search) that the engine must leave alone. */
  externalTables?: ExternalTables;
}

export function migrationAdapterFactory(config: DatabaseConfig): MigrationAdapterFactory {
  return config.provider === "sqlite" ? sqliteMigrationFactory(config.url) : postgresMigrationFactory(config.url);
}

/** Applied / pending / failed / edited-after-applying, per migration folder. Changes nothing. */
export async function migrationStatus(config: DatabaseConfig, options: Pick<MigrationOptions, "root"> = {}): Promise<MigrationStatus> {
  const root = options.root ?? projectRoot();
  const folders = readMigrationFolders(migrationsDirectory(root, config.provider));
  return compareHistory(config.provider, folders, await readHistoryRows(config));
}

/**
 * Applies the pending migrations and returns their names (empty when up to date). Creates the SQLite
 * file (and its folder) or the PostgreSQL database when missing. Refuses to run over a failed
 * migration or an applied migration.sql that was edited afterwards: both mean the database no longer
 * matches the files, and applying more on top would hide that.
 */
export async function applyMigrations(config: DatabaseConfig, options: MigrationOptions = {}): Promise<string[]> {
  const root = options.root ?? projectRoot();
  const log = options.log ?? (() => undefined);
  const directory = migrationsDirectory(root, config.provider);
  const folders = readMigrationFolders(directory);
  if (folders.length === 0) {
    log(`no migrations in ${directory}`);
    return [];
  }
  if (config.provider === "sqlite") ensureSqliteDirectory(config);
  else if (await ensurePostgresDatabase(config.url)) log(`created ${describeDatabase(config)}`);

  const status = compareHistory(config.provider, folders, await readHistoryRows(config));
  assertHistoryIsSound(status);
  for (const name of status.notInFolder) log(`warning: ${name} is recorded as applied but has no folder in ${directory}`);
  if (status.pending.length === 0) return [];

  const session = await openEngineSession({
    provider: config.provider,
    schema: readSchemaFor(root, config.provider),
    adapterFactory: migrationAdapterFactory(config),
    log,
  });
  let applied: string[];
  try {
    const result = await session.run(`applying migrations to ${describeDatabase(config, root)}`, (engine) =>
      engine.applyMigrations({
        migrationsList: toMigrationList(directory, config.provider, folders),
        filters: { externalTables: externalTableFilter(config.provider, options.externalTables), externalEnums: [] },
      }),
    );
    applied = result.appliedMigrationNames;
  } catch (error) {
    // Closed first: the engine's SQLite connection would otherwise still hold the file.
    await session.close();
    throw await nameFailedMigration(config, folders, error);
  }
  await session.close();
  for (const name of applied) log(`applied ${name}`);
  return applied;
}

/** The engine's error does not say which migration broke; the history table does. */
async function nameFailedMigration(config: DatabaseConfig, folders: MigrationFolder[], error: unknown): Promise<unknown> {
  if (!(error instanceof MigrationError)) return error;
  const after = await readHistoryRows(config).catch(() => null);
  const failed = compareHistory(config.provider, folders, after).failed;
  if (failed.length === 0) return error;
  const cause = error.message.replace(/^applying migrations to .*?: /, "");
  return new MigrationError(`migration ${failed.join(", ")} failed on ${describeDatabase(config)}: ${cause}`);
}

function assertHistoryIsSound(status: MigrationStatus): void {
  if (status.failed.length > 0) {
    const failed = status.migrations.find((m) => m.state === "failed");
    const reason = failed?.logs ? `: ${failed.logs}` : "";
    throw new MigrationError(
      `migration ${status.failed.join(", ")} failed earlier${reason}; repair the database, then delete its row from _prisma_migrations (or set rolled_back_at) and migrate again`,
    );
  }
  if (status.checksumMismatch.length > 0) {
    throw new MigrationError(
      `applied migration ${status.checksumMismatch.join(", ")} was edited afterwards (checksum differs from _prisma_migrations); restore the original migration.sql and put the change in a new migration`,
    );
  }
}
