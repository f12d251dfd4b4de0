import pg from "pg";
import { redactDatabaseUrl } from "../config";
import { DatabaseUnreachableError } from "./errors";
import { quoteIdentifier, withDatabase } from "./migration-adapters";

/** Direct pg connections for the bits the schema engine does not do: probing, creating databases. */

const CONNECT_TIMEOUT_MS = 10_000;

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
}

function serverLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || "localhost"}:${parsed.port || "5432"}`;
  } catch {
    return redactDatabaseUrl(url);
  }
}

/** One line saying why a connection failed, without the password. */
export function connectionFailureMessage(url: string, error: unknown): string {
  const err = error as { code?: string; message?: string };
  const where = `PostgreSQL at ${serverLabel(url)}`;
  switch (err.code) {
    case "ECONNREFUSED":
      return `cannot connect to ${where}: connection refused (is the server running? \`node scripts/postgres.mjs start\` starts a private one)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot connect to ${where}: unknown host`;
    case "3D000":
      return `${where}: database "${databaseName(url)}" does not exist`;
    case "28P01":
    case "28000":
      return `${where} rejected the login: ${err.message ?? err.code}`;
    default:
      return `cannot connect to ${where}: ${(err.message ?? String(error)).split("\n")[0]}${err.code && !err.message?.includes(err.code) ? ` (${err.code})` : ""}`;
  }
}

/** Connects or throws DatabaseUnreachableError; the caller must end() the client. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw Object.assign(new DatabaseUnreachableError(connectionFailureMessage(url, error)), { cause: error });
  }
}

function causeCode(error: unknown): string | undefined {
  return ((error as { cause?: { code?: string } }).cause ?? (error as { code?: string })).code;
}

/**
 * Makes sure the database in `url` exists, creating it from the server's `postgres` database when
 * missing (as `prisma migrate deploy` does). Returns true when it was created.
 */
export async function ensurePostgresDatabase(url: string): Promise<boolean> {
  try {
    const client = await connectPostgres(url);
    await client.end();
    return false;
  } catch (error) {
    if (causeCode(error) !== "3D000") throw error;
  }
  const name = databaseName(url);
  const admin = await connectPostgres(withDatabase(url, "postgres"));
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process may have created it in the meantime.
    if ((error as { code?: string }).code === "42P04") return false;
    throw new DatabaseUnreachableError(`database "${name}" does not exist and cannot be created: ${(error as Error).message}`);
  } finally {
    await admin.end();
  }
}
