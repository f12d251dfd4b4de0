import { execFile } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

/**
 * A real PostgreSQL for integration tests: CASEBOOK_TEST_PG_URL when set (CI may provide one),
 * otherwise the private cluster of scripts/postgres.mjs (.tmp/pg, port 55432), started on first use
 * and left running so the next run starts instantly. Each test file gets its own database.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const POSTGRES_SCRIPT = path.join(ROOT, "scripts", "postgres.mjs");

let adminUrl: Promise<string> | undefined;

/** URL of a database on a server where the tests may create and drop databases. */
export function ensureTestPostgres(): Promise<string> {
  adminUrl ??= (async () => {
    const fromEnv = process.env.CASEBOOK_TEST_PG_URL?.trim();
    if (fromEnv) return fromEnv;
    // The script locks around start-up, so parallel test workers share one cluster safely.
    const { stdout } = await promisify(execFile)(process.execPath, [POSTGRES_SCRIPT, "start", "--json"], {
      cwd: ROOT,
      timeout: 120_000,
    });
    return (JSON.parse(stdout) as { url: string }).url;
  })().catch((error: unknown) => {
    adminUrl = undefined;
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
    throw new Error(`cannot start the test PostgreSQL (set CASEBOOK_TEST_PG_URL to use another): ${stderr || (error as Error).message}`);
  });
  return adminUrl;
}

/** vitest globalSetup hook: starts the cluster once and hands its URL to the workers. */
export async function setup(): Promise<void> {
  process.env.CASEBOOK_TEST_PG_URL = await ensureTestPostgres();
}

export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

function urlForDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: await ensureTestPostgres() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database named casebook_test_<label>_<random>. With `create: false` only the name is
 * reserved, for code under test that must create the database itself.
 */
export async function createTestDatabase(label: string, options: { create?: boolean } = {}): Promise<TestDatabase> {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, "_").slice(0, 30);
  const name = `casebook_test_${safeLabel}_${crypto.randomBytes(4).toString("hex")}`;
  if (options.create !== false) await adminQuery(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: urlForDatabase(await ensureTestPostgres(), name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
