import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseConfig } from "@/lib/db/config";
import { projectRoot } from "@/lib/db/config";

/** Helpers shared by the db integration tests (not a test file itself). */

export const REAL_ROOT = projectRoot();

export interface TempProject {
  root: string;
  cleanup(): void;
}

/** A throwaway project root holding a copy of prisma/ (schema and both migration folders). */
export function makeTempProject(label: string): TempProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `casebook-${label}-`));
  fs.cpSync(path.join(REAL_ROOT, "prisma"), path.join(root, "prisma"), { recursive: true });
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export function tempDir(label: string): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `casebook-${label}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Raw rows straight from the driver, independent of the code under test. */
export async function queryRows<T>(config: DatabaseConfig, sql: string): Promise<T[]> {
  if (config.provider === "sqlite") {
    const db = new Database(config.filePath, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

export function migrationFolderNames(root: string, provider: DatabaseConfig["provider"]): string[] {
  const dir = provider === "sqlite" ? path.join(root, "prisma", "migrations") : path.join(root, "prisma", "postgres", "migrations");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function addMigration(root: string, provider: DatabaseConfig["provider"], name: string, sql: string): string {
  const dir = provider === "sqlite" ? path.join(root, "prisma", "migrations", name) : path.join(root, "prisma", "postgres", "migrations", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  return path.join(dir, "migration.sql");
}
