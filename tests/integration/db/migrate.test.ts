import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDatabaseConfig, type DatabaseConfig } from "@/lib/db/config";
import { applyMigrations, migrationStatus } from "@/lib/db/migrations/apply";
import { DatabaseUnreachableError, MigrationError } from "@/lib/db/migrations/errors";
import { createTestDatabase, type TestDatabase } from "../../support/postgres";
import { REAL_ROOT, addMigration, makeTempProject, migrationFolderNames, queryRows, tempDir } from "./temp-project";

interface Target {
  /** A database that does not exist yet. */
  fresh(label: string): Promise<DatabaseConfig>;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const scratch = tempDir("migrate-sqlite");
  return {
    // A nested folder that does not exist either: applyMigrations must create it.
    fresh: async (label) => resolveDatabaseConfig({ DATABASE_URL: `file:${path.join(scratch.dir, label, "casebook.db")}` }),
    cleanup: async () => scratch.cleanup(),
  };
}

function postgresTarget(): Target {
  const databases: TestDatabase[] = [];
  return {
    fresh: async (label) => {
      const database = await createTestDatabase(label, { create: false });
      databases.push(database);
      return resolveDatabaseConfig({ DATABASE_URL: database.url });
    },
    cleanup: async () => {
      await Promise.all(databases.map((database) => database.drop()));
    },
  };
}

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

describe.each([
  ["sqlite", sqliteTarget],
  ["postgresql", postgresTarget],
] as const)("migrations on %s", (provider, makeTarget) => {
  let target: Target;
  let config: DatabaseConfig;
  const folders = migrationFolderNames(REAL_ROOT, provider);
  const migrationsDir = path.join(REAL_ROOT, provider === "sqlite" ? "prisma/migrations" : "prisma/postgres/migrations");

  beforeAll(async () => {
    target = makeTarget();
    config = await target.fresh("main");
  });
  afterAll(async () => {
    await target.cleanup();
  });

  it("has an initial migration to apply", () => {
    expect(folders.length).toBeGreaterThan(0);
    expect(folders[0]).toMatch(/^\d{14}_init$/);
  });

  it("applies every migration to a database that does not exist yet", async () => {
    const before = await migrationStatus(config, { root: REAL_ROOT });
    expect(before.databaseExists).toBe(false);
    expect(before.pending).toEqual(folders);

    const lines: string[] = [];
    const applied = await applyMigrations(config, { root: REAL_ROOT, log: (line) => lines.push(line) });
    expect(applied).toEqual(folders);
    expect(lines).toContain(`applied ${folders[0]}`);
    if (config.provider === "sqlite") expect(fs.existsSync(config.filePath)).toBe(true);

    const tables = await queryRows<{ name: string }>(
      config,
      config.provider === "sqlite"
        ? "SELECT name FROM sqlite_master WHERE type = 'table'"
        : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["Incident", "TimelineEntry", "Revision", "_prisma_migrations"]));
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(config, { root: REAL_ROOT })).toEqual([]);
    const status = await migrationStatus(config, { root: REAL_ROOT });
    expect(status.upToDate).toBe(true);
    expect(status.applied).toEqual(folders);
  });

  it("records each migration in _prisma_migrations with the sha256 of its migration.sql", async () => {
    const rows = await queryRows<{ migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown; applied_steps_count: number }>(
      config,
      "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name",
    );
    expect(rows.map((row) => row.migration_name)).toEqual(folders);
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(migrationsDir, row.migration_name, "migration.sql"), "utf8");
      expect(row.checksum).toBe(sha256(sql));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
  });

  it("reports a migration.sql edited after applying and refuses to migrate over it", async () => {
    const project = makeTempProject(`edited-${provider}`);
    try {
      const edited = await target.fresh("edited");
      await applyMigrations(edited, { root: project.root });
      const file = path.join(project.root, path.relative(REAL_ROOT, migrationsDir), folders[0], "migration.sql");
      fs.appendFileSync(file, "\n-- edited after it was applied\n");
      addMigration(project.root, provider, "29990101000000_later", 'CREATE TABLE "Later" ("id" TEXT NOT NULL PRIMARY KEY);\n');

      const status = await migrationStatus(edited, { root: project.root });
      expect(status.checksumMismatch).toEqual([folders[0]]);
      expect(status.pending).toEqual(["29990101000000_later"]);
      expect(status.upToDate).toBe(false);

      const attempt = applyMigrations(edited, { root: project.root });
      await expect(attempt).rejects.toBeInstanceOf(MigrationError);
      await expect(attempt).rejects.toThrow(/edited afterwards/);
      // Nothing was applied on top of the edited history.
      const rows = await queryRows<{ migration_name: string }>(edited, "SELECT migration_name FROM _prisma_migrations");
      expect(rows.map((row) => row.migration_name)).not.toContain("29990101000000_later");
    } finally {
      project.cleanup();
    }
  });

  it("surfaces the database's own error for a failing migration and reports it as failed", async () => {
    const project = makeTempProject(`broken-${provider}`);
    try {
      const broken = await target.fresh("broken");
      addMigration(project.root, provider, "29990101000000_broken", 'CREATE TABLE "Incident" ("id" TEXT NOT NULL PRIMARY KEY);\n');

      const attempt = applyMigrations(broken, { root: project.root });
      await expect(attempt).rejects.toBeInstanceOf(MigrationError);
      const message = await attempt.catch((error: Error) => error.message);
      expect(message).toMatch(/already exists/);
      expect(message).not.toMatch(/External error/);
      expect(message).not.toContain("\n");

      const status = await migrationStatus(broken, { root: project.root });
      expect(status.applied).toEqual(folders);
      expect(status.failed).toEqual(["29990101000000_broken"]);
      await expect(applyMigrations(broken, { root: project.root })).rejects.toThrow(/failed earlier/);
    } finally {
      project.cleanup();
    }
  });
});

describe("unreachable PostgreSQL", () => {
  it("fails with one line naming the server", async () => {
    const config = resolveDatabaseConfig({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/casebook" });
    const attempt = applyMigrations(config, { root: REAL_ROOT });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnreachableError);
    await expect(attempt).rejects.toThrow(/^cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused/);
    await expect(migrationStatus(config, { root: REAL_ROOT })).rejects.toBeInstanceOf(DatabaseUnreachableError);
  });
});
