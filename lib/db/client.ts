import type { PrismaClient, Prisma } from "./generated/sqlite/client";
import { resolveDatabaseConfig, type DatabaseConfig, type DatabaseProvider } from "./config";
import { createAdapterFactory } from "./adapters";

/**
 * The two generated clients (SQLite, PostgreSQL) have the same model API; the app is written against
 * the SQLite client's types and the PostgreSQL client is used through them.
 */
export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

interface DbHandle {
  key: string;
  config: DatabaseConfig;
  client: Promise<Db>;
}

// Kept on globalThis so Next.js dev reloads and repeated imports share one connection pool.
const holder = globalThis as typeof globalThis & { __casebookDb?: DbHandle };

/** A new client for a given database (tests and tools that talk to several databases at once). */
/**
 * Interactive transactions queue for a connection (SQLite: one writer at a time; PostgreSQL: the pool
 * and row locks on a busy incident). Prisma's defaults (2 s to start, 5 s to run) turned a burst of
 * 50 concurrent writers into 500s; a write waits its turn instead, up to these limits.
 */
export const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;

export async function createDbClient(config: DatabaseConfig): Promise<Db> {
  const adapter = createAdapterFactory(config);
  let client: Db;
  if (config.provider === "postgresql") {
    const { PrismaClient: PgClient } = await import("./generated/postgres/client");
    client = new PgClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }) as unknown as Db;
  } else {
    const { PrismaClient: SqliteClient } = await import("./generated/sqlite/client");
    client = new SqliteClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  }
  Object.defineProperty(client, PROVIDER, { value: config.provider });
  return client;
}

// A symbol property on the client itself: bundlers may load this module more than once, and a
// module-level map in one copy would not know clients created by another.
const PROVIDER = Symbol.for("casebook.databaseProvider");

/** Which database a client talks to (raw SQL differs in placeholders and date encoding). */
export function providerOf(db: Db): DatabaseProvider {
  const provider = (db as unknown as Record<symbol, DatabaseProvider | undefined>)[PROVIDER];
  if (!provider) throw new Error("this database client was not created by createDbClient");
  return provider;
}

/** The database chosen by DATABASE_URL (SQLite file by default). */
export function getDb(env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  const config = resolveDatabaseConfig(env);
  const key = `${config.provider}:${config.url}`;
  if (holder.__casebookDb?.key !== key) {
    holder.__casebookDb = { key, config, client: createDbClient(config) };
  }
  return holder.__casebookDb.client;
}

export function currentDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return resolveDatabaseConfig(env);
}

/** Closes the shared client (CLI commands and tests call this so the process can exit). */
export async function closeDb(): Promise<void> {
  const handle = holder.__casebookDb;
  holder.__casebookDb = undefined;
  if (handle) await (await handle.client).$disconnect();
}
