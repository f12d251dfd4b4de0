import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError } from "../errors";

/**
 * Which database Casebook talks to, decided by DATABASE_URL alone. Pure: no connections, no
 * filesystem writes (creating the SQLite directory is the caller's job, see adapters.ts).
 */
export type DatabaseProvider = "sqlite" | "postgresql";

export interface SqliteDatabaseConfig {
  provider: "sqlite";
  /** Normalised `file:<absolute path>` URL. */
  url: string;
  /** Absolute path of the database file. */
  filePath: string;
}

export interface PostgresDatabaseConfig {
  provider: "postgresql";
  url: string;
}

export type DatabaseConfig = SqliteDatabaseConfig | PostgresDatabaseConfig;

/** process.env or any plain object of variables (Next's ProcessEnv type demands NODE_ENV). */
export type EnvVars = { readonly [name: string]: string | undefined };

export const DEFAULT_SQLITE_URL = "file:./data/casebook.db";

const PROJECT_NAME = "casebook";

let cachedRoot: string | undefined;

/**
 * The Casebook checkout: CASEBOOK_ROOT when set (bin/casebook.mjs sets it), else the nearest folder
 * upward from this module or from the working directory whose package.json is named "casebook".
 * Next.js bundles this file into .next/, so the module location alone is not reliable.
 */
export function projectRoot(): string {
  const fromEnv = process.env.CASEBOOK_ROOT?.trim();
  if (fromEnv) return path.resolve(fromEnv);
  if (cachedRoot) return cachedRoot;
  const starts: string[] = [];
  try {
    starts.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    // import.meta.url is not a file: URL inside some bundles; the working directory still works.
  }
  starts.push(process.cwd());
  for (const start of starts) {
    const found = findPackageRoot(start);
    if (found) {
      cachedRoot = found;
      return found;
    }
  }
  throw new InvalidInputError(
    `cannot find the Casebook project folder (no package.json named "${PROJECT_NAME}" above ${process.cwd()}); set CASEBOOK_ROOT`,
  );
}

function findPackageRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, "utf8")).name === PROJECT_NAME) return dir;
      } catch {
        // An unreadable or invalid package.json belongs to something else; keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads DATABASE_URL: unset/empty or `file:…` → SQLite (relative paths are relative to the project
 * root, not to the schema file as in Prisma), `postgresql://` or `postgres://` → PostgreSQL.
 */
export function resolveDatabaseConfig(env: EnvVars = process.env, root?: string): DatabaseConfig {
  const raw = env.DATABASE_URL?.trim() ?? "";
  if (raw === "") return sqliteConfig(DEFAULT_SQLITE_URL, root ?? projectRoot());
  if (raw.startsWith("file:")) return sqliteConfig(raw, root ?? projectRoot());
  if (/^postgres(ql)?:\/\//i.test(raw)) return postgresConfig(raw);
  throw new InvalidInputError(
    `DATABASE_URL must be unset, "file:<path>" (SQLite) or "postgresql://…" (PostgreSQL); got "${redactDatabaseUrl(raw)}"`,
  );
}

function sqliteConfig(url: string, root: string): SqliteDatabaseConfig {
  let location: string;
  if (url.startsWith("file://")) {
    try {
      location = fileURLToPath(url.replace(/\?.*$/, ""));
    } catch (error) {
      throw new InvalidInputError(`DATABASE_URL "${url}" is not a valid file URL: ${(error as Error).message}`);
    }
  } else {
    // Prisma-style "file:./dev.db?connection_limit=1": the query string carries driver options we do not use.
    location = decodeURIComponent(url.slice("file:".length).replace(/\?.*$/, ""));
  }
  if (location === "") throw new InvalidInputError(`DATABASE_URL "${url}" names no SQLite file`);
  if (location === ":memory:") {
    throw new InvalidInputError("DATABASE_URL file::memory: is not supported: migrations and the app need one shared file");
  }
  const filePath = path.resolve(root, location);
  return { provider: "sqlite", url: `file:${filePath}`, filePath };
}

function postgresConfig(url: string): PostgresDatabaseConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidInputError(`DATABASE_URL "${redactDatabaseUrl(url)}" is not a valid PostgreSQL URL`);
  }
  if (decodeURIComponent(parsed.pathname.replace(/^\//, "")) === "") {
    throw new InvalidInputError(`DATABASE_URL "${redactDatabaseUrl(url)}" names no database (expected postgresql://host/DBNAME)`);
  }
  return { provider: "postgresql", url };
}

/** The URL with any password replaced, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, "$1:***@");
}

/** Human-readable target, e.g. `SQLite data/casebook.db` or `PostgreSQL 127.0.0.1:5432/casebook`. */
export function describeDatabase(config: DatabaseConfig, root?: string): string {
  if (config.provider === "sqlite") {
    const shown = root ? path.relative(root, config.filePath) : config.filePath;
    return `SQLite ${shown.startsWith("..") ? config.filePath : shown}`;
  }
  try {
    const parsed = new URL(config.url);
    return `PostgreSQL ${parsed.host || "localhost"}${parsed.pathname}`;
  } catch {
    return `PostgreSQL ${redactDatabaseUrl(config.url)}`;
  }
}
