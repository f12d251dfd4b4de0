import crypto from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory, type SqlQuery } from "@prisma/driver-adapter-utils";
import pg from "pg";

/**
 * Driver adapter factories for the schema engine only (never for the app). They work around what
 * the stock adapters get wrong for migrations and remember every connection so close() can release
 * them: the engine does not dispose reliably, and an open pg pool keeps the CLI alive.
 */
export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  close(): Promise<void>;
}

type AdapterOverrides = Partial<Pick<SqlDriverAdapter, "executeRaw" | "executeScript" | "dispose">>;

/** A plain object forwarding to `inner`, so the error-capturing binder wraps our overrides too. */
function delegate(inner: SqlDriverAdapter, overrides: AdapterOverrides): SqlDriverAdapter {
  const adapter: SqlDriverAdapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: overrides.executeRaw ?? ((query) => inner.executeRaw(query)),
    executeScript: overrides.executeScript ?? ((script) => inner.executeScript(script)),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    dispose: overrides.dispose ?? (() => inner.dispose()),
  };
  if (inner.getConnectionInfo) adapter.getConnectionInfo = () => inner.getConnectionInfo!();
  return adapter;
}

/** Runs `release` at most once, whether the engine or close() gets there first. */
function once(release: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= release());
}

// ---------------------------------------------------------------------------------------------- SQLite

/**
 * `url` is `file:<absolute path>` or `:memory:` (diffing needs no real database). The shadow database
 * is always a private in-memory one.
 */
export function sqliteMigrationFactory(url: string): MigrationAdapterFactory {
  const inner = new PrismaBetterSqlite3({ url }, { timestampFormat: "iso8601" });
  const releases: Array<() => Promise<void>> = [];
  const track = (adapter: SqlDriverAdapter, overrides: AdapterOverrides = {}) => {
    const dispose = once(() => adapter.dispose());
    releases.push(dispose);
    return delegate(adapter, { ...overrides, dispose });
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => track(await inner.connect()),
    connectToShadowDb: async () => {
      const shadow = await inner.connectToShadowDb();
      // Shadow replay hands a whole migration.sql to executeRaw without arguments; better-sqlite3's
      // prepare() accepts one statement only, exec() takes a script.
      return track(shadow, {
        executeRaw: async (query: SqlQuery) => {
          if (query.args.length > 0) return shadow.executeRaw(query);
          await shadow.executeScript(query.sql);
          return 0;
        },
      });
    },
    close: async () => {
      await Promise.allSettled(releases.map((release) => release()));
    },
  };
}

// ---------------------------------------------------------------------------------------- PostgreSQL

const PG_INTERNAL_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

function charColumnsAsText(result: unknown): unknown {
  for (const part of Array.isArray(result) ? result : [result]) {
    for (const field of (part as QueryResultLike | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_INTERNAL_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return result;
}

/**
 * The schema describer selects catalog columns of PostgreSQL's one-byte `"char"` type (OID 18), which
 * adapter-pg refuses to map. pg already parses the value as a string; relabelling the field as text
 * lets it through. Only migration pools use this client.
 */
class CharAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    const first = args[0];
    if (first && typeof first === "object" && typeof first.submit === "function") {
      return super.query(first);
    }
    if (typeof last === "function") {
      const callback = last as (error: Error | null, result: unknown) => void;
      args[args.length - 1] = (error: Error | null, result: unknown) => callback(error, error ? result : charColumnsAsText(result));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    if (first && typeof first === "object" && typeof first.callback === "function") {
      const callback = first.callback as (error: Error | null, result: unknown) => void;
      first.callback = (error: Error | null, result: unknown) => callback(error, error ? result : charColumnsAsText(result));
      return super.query(first);
    }
    return ((super.query as (...a: unknown[]) => Promise<unknown>)(...args)).then(charColumnsAsText);
  }
}

export interface PostgresPoolOptions {
  /** Fail fast on an unreachable host instead of pg's default of waiting forever. */
  connectionTimeoutMillis?: number;
}

export function createMigrationPool(url: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    Client: CharAsTextClient,
    max: 4,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    idleTimeoutMillis: 1_000,
  });
  // An idle client losing its server (e.g. the shadow database being dropped) must not crash the process.
  pool.on("error", () => undefined);
  return pool;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Whole scripts go to PostgreSQL in one simple-protocol query, as the native engine sends them:
 * adapter-pg splits on every ";", which breaks string literals and function bodies, and the single
 * query runs as one implicit transaction, so a failing migration leaves nothing half-applied.
 */
function scriptRunner(pool: pg.Pool) {
  return async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      // Server errors in the shape adapter-pg gives them, so the engine logs PostgreSQL's message
      // (and its SQLSTATE) into _prisma_migrations.logs instead of "external connector error".
      const err = error as pg.DatabaseError;
      if (typeof err.code !== "string" || typeof err.severity !== "string") throw error;
      throw new DriverAdapterError({
        kind: "postgres",
        code: err.code,
        severity: err.severity,
        message: err.message,
        detail: err.detail,
        column: err.column,
        hint: err.hint,
      });
    }
  };
}

/**
 * `url` is the database to migrate (or, for diffing, any database on a server where we may create
 * databases). Shadow databases are created next to it and dropped with FORCE afterwards:
 * adapter-pg's own shadow handling would reuse `url`'s database when given a connection string.
 */
export function postgresMigrationFactory(url: string, poolOptions: PostgresPoolOptions = {}): MigrationAdapterFactory {
  const mainPool = createMigrationPool(url, poolOptions);
  const inner = new PrismaPg(mainPool);
  const releases: Array<() => Promise<void>> = [];
  let closed = false;

  const connectToShadowDb = async (): Promise<SqlDriverAdapter> => {
    const database = `casebook_shadow_${crypto.randomBytes(6).toString("hex")}`;
    await mainPool.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
    const shadowPool = createMigrationPool(withDatabase(url, database), poolOptions);
    const adapter = await new PrismaPg(shadowPool).connect();
    const dispose = once(async () => {
      await shadowPool.end().catch(() => undefined);
      await mainPool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    });
    // Shadow databases must be dropped before the main pool ends, so they go first on close().
    releases.unshift(dispose);
    return delegate(adapter, { executeScript: scriptRunner(shadowPool), dispose });
  };

  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => delegate(await inner.connect(), { executeScript: scriptRunner(mainPool) }),
    connectToShadowDb,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const release of releases) await release().catch(() => undefined);
      await mainPool.end();
    },
  };
}
