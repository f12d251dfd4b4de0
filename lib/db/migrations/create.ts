import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { InvalidInputError } from "../../errors";
import type { DatabaseProvider, EnvVars } from "../config";
import { openEngineSession } from "./engine";
import { DatabaseUnreachableError } from "./errors";
import { externalTableFilter, type ExternalTables } from "./external-tables";
import { LOCK_FILE, MIGRATION_FILE, lockFileContent, migrationsDirectory, readMigrationFolders, toMigrationList } from "./files";
import { postgresMigrationFactory, sqliteMigrationFactory, withDatabase } from "./migration-adapters";
import { connectPostgres } from "./postgres-admin";
import { readSchemaFor } from "./postgres-schema";

const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];
const EMPTY_MIGRATION = "-- This is an empty migration.\n";
const POSTGRES_SCRIPT = fileURLToPath(new URL("../../../scripts/postgres.mjs", import.meta.url));

export interface CreateMigrationOptions {
  /** Project root holding prisma/schema.prisma and the migration folders. */
  root: string;
  /** A PostgreSQL server where databases may be created (for the shadow database). */
  postgresAdminUrl?: string;
  /** Tables created by hand in migrations (full-text search) that the diff must not drop. */
  externalTables?: ExternalTables;
  /** Read for DATABASE_URL / CASEBOOK_PG_ADMIN_URL when postgresAdminUrl is not given. */
  env?: EnvVars;
  /** Clock for the folder timestamp (tests). */
  now?: Date;
  log?: (line: string) => void;
}

export interface CreateMigrationResult {
  status: "created" | "no-changes";
  /** Folder name, e.g. `20250101120000_add_owner`, when created. */
  name?: string;
  /** migration.sql files written, SQLite first. */
  files: string[];
  /** Which providers' schemas actually changed (the other gets an empty migration to keep folders paired). */
  changed: Record<DatabaseProvider, boolean>;
  /** The generated SQL per provider (empty string when unchanged). */
  sql: Record<DatabaseProvider, string>;
}

/**
 * Diffs "all migrations so far" against the current schema, for SQLite (in-memory shadow) and
 * PostgreSQL (shadow database on a real server), and writes both as `<UTC timestamp>_<name>` folders.
 * Writes nothing when neither schema changed.
 */
export async function createMigration(name: string, options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const slug = migrationSlug(name);
  const log = options.log ?? (() => undefined);
  warnAboutUnpairedFolders(options.root, log);
  const sql: Record<DatabaseProvider, string> = { sqlite: "", postgresql: "" };

  sql.sqlite = await diffMigrations("sqlite", options.root, ":memory:", options.externalTables);
  const server = await postgresServer(options, log);
  try {
    sql.postgresql = await diffMigrations("postgresql", options.root, server.url, options.externalTables);
  } finally {
    await server.release();
  }

  const changed = { sqlite: sql.sqlite !== "", postgresql: sql.postgresql !== "" };
  if (!changed.sqlite && !changed.postgresql) return { status: "no-changes", files: [], changed, sql };

  const folderName = `${migrationTimestamp(options.root, options.now ?? new Date())}_${slug}`;
  const files = PROVIDERS.map((provider) => {
    const directory = migrationsDirectory(options.root, provider);
    fs.mkdirSync(path.join(directory, folderName), { recursive: true });
    const lockPath = path.join(directory, LOCK_FILE);
    if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, lockFileContent(provider));
    const file = path.join(directory, folderName, MIGRATION_FILE);
    fs.writeFileSync(file, sql[provider] || EMPTY_MIGRATION);
    log(`wrote ${path.relative(options.root, file)}${changed[provider] ? "" : " (no change for this provider)"}`);
    return file;
  });
  return { status: "created", name: folderName, files, changed, sql };
}

/** Every migration is written for both databases; a folder on one side only is someone's mistake. */
function warnAboutUnpairedFolders(root: string, log: (line: string) => void): void {
  const [sqlite, postgres] = PROVIDERS.map((provider) => new Set(readMigrationFolders(migrationsDirectory(root, provider)).map((f) => f.name)));
  for (const name of sqlite) if (!postgres.has(name)) log(`warning: ${name} exists for SQLite only`);
  for (const name of postgres) if (!sqlite.has(name)) log(`warning: ${name} exists for PostgreSQL only`);
}

/** "Add owner to Incident" → "add_owner_to_incident". */
export function migrationSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 80)
    .replace(/_+$/, "");
  if (!slug) throw new InvalidInputError(`migration name "${name}" has no letters or digits`);
  return slug;
}

/** UTC yyyymmddHHMMSS, bumped past the newest existing folder so the order never depends on clocks. */
export function migrationTimestamp(root: string, now: Date): string {
  let candidate = formatTimestamp(now);
  const existing = PROVIDERS.flatMap((provider) => readMigrationFolders(migrationsDirectory(root, provider)))
    .map((folder) => /^(\d{14})_/.exec(folder.name)?.[1])
    .filter((stamp): stamp is string => Boolean(stamp))
    .sort();
  const newest = existing.at(-1);
  if (newest && candidate <= newest) candidate = formatTimestamp(new Date(parseTimestamp(newest).getTime() + 1000));
  return candidate;
}

function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

function parseTimestamp(stamp: string): Date {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(stamp.slice(at, at + (i === 0 ? 4 : 2))));
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** The SQL taking the database from "all migrations applied" to the schema; "" when nothing changes. */
async function diffMigrations(provider: DatabaseProvider, root: string, url: string, externalTables?: ExternalTables): Promise<string> {
  const directory = migrationsDirectory(root, provider);
  const schema = readSchemaFor(root, provider);
  const session = await openEngineSession({
    provider,
    schema,
    adapterFactory: provider === "sqlite" ? sqliteMigrationFactory(url) : postgresMigrationFactory(url),
  });
  try {
    const result = await session.run(`diffing the ${provider} migrations against ${schema.path}`, (engine) =>
      engine.diff({
        from: { tag: "migrations", ...toMigrationList(directory, provider, readMigrationFolders(directory)) },
        to: { tag: "schemaDatamodel", files: [schema] },
        script: true,
        exitCode: true,
        filters: { externalTables: externalTableFilter(provider, externalTables), externalEnums: [] },
      }),
    );
    // With exitCode requested the engine answers 2 for "there is a difference", 0 for none.
    return result.exitCode === 2 && result.stdout ? result.stdout : "";
  } finally {
    await session.close();
  }
}

interface PostgresServer {
  url: string;
  release(): Promise<void>;
}

/**
 * A PostgreSQL server for the shadow database: the explicit admin URL, DATABASE_URL when it is
 * PostgreSQL, CASEBOOK_PG_ADMIN_URL, or else the private cluster of scripts/postgres.mjs, which is
 * stopped again afterwards if this call started it.
 */
async function postgresServer(options: CreateMigrationOptions, log: (line: string) => void): Promise<PostgresServer> {
  const env = options.env ?? process.env;
  const databaseUrl = env.DATABASE_URL?.trim();
  const configured =
    options.postgresAdminUrl ??
    (databaseUrl && /^postgres(ql)?:\/\//i.test(databaseUrl) ? databaseUrl : undefined) ??
    (env.CASEBOOK_PG_ADMIN_URL?.trim() || undefined);
  if (configured) return { url: await reachableAdminUrl(configured), release: async () => undefined };

  log("no PostgreSQL configured (DATABASE_URL / CASEBOOK_PG_ADMIN_URL); starting the private cluster");
  const started = await runPostgresScript(["start", "--json"]);
  const info = JSON.parse(started) as { url: string; alreadyRunning: boolean };
  return {
    url: info.url,
    release: async () => {
      if (!info.alreadyRunning) await runPostgresScript(["stop"]);
    },
  };
}

/** The URL itself, or its server's `postgres` database when the named database does not exist yet. */
async function reachableAdminUrl(url: string): Promise<string> {
  try {
    await (await connectPostgres(url)).end();
    return url;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "3D000") throw error;
    const fallback = withDatabase(url, "postgres");
    await (await connectPostgres(fallback)).end();
    return fallback;
  }
}

async function runPostgresScript(args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [POSTGRES_SCRIPT, ...args], { timeout: 120_000 });
    return stdout.trim();
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim().split("\n").at(-1);
    throw new DatabaseUnreachableError(
      `cannot start a private PostgreSQL for diffing (${stderr || (error as Error).message}); set CASEBOOK_PG_ADMIN_URL to a server where databases may be created`,
    );
  }
}
