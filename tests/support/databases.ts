import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, createDbClient, type Db } from "@/lib/db/client";
import { resolveDatabaseConfig } from "@/lib/db/config";
import { applyMigrations } from "@/lib/db/migrations/apply";
import { createTestDatabase } from "./postgres";

export type DatabaseKind = "sqlite" | "postgresql";

/** Both databases, unless PostgreSQL was explicitly skipped on a machine without it (never in CI). */
export const databaseKinds: DatabaseKind[] =
  process.env.CASEBOOK_TEST_PG === "skip" && !process.env.CI ? ["sqlite"] : ["sqlite", "postgresql"];

export interface TestDb {
  kind: DatabaseKind;
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** A migrated, empty database of the given kind: a fresh SQLite file or a fresh PostgreSQL database. */
export async function openTestDb(kind: DatabaseKind, label: string): Promise<TestDb> {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `casebook-${label}-`));
    const url = `file:${path.join(dir, "test.db")}`;
    const config = resolveDatabaseConfig({ DATABASE_URL: url });
    await applyMigrations(config);
    const db = await createDbClient(config);
    return {
      kind,
      url,
      db,
      async close() {
        await db.$disconnect();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTestDatabase(label);
  const config = resolveDatabaseConfig({ DATABASE_URL: database.url });
  await applyMigrations(config);
  const db = await createDbClient(config);
  return {
    kind,
    url: database.url,
    db,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}

/**
 * Points the app's shared client (getDb, read by route handlers and the CLI) at a test database;
 * the returned function points it back and closes the connection.
 */
export async function useAsDefaultDatabase(t: TestDb): Promise<() => Promise<void>> {
  const previous = process.env.DATABASE_URL;
  await closeDb();
  process.env.DATABASE_URL = t.url;
  return async () => {
    await closeDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
  };
}
