import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDatabaseConfig } from "@/lib/db/config";
import { applyMigrations, migrationStatus } from "@/lib/db/migrations/apply";
import { createMigration, migrationSlug, migrationTimestamp } from "@/lib/db/migrations/create";
import { fts5Tables } from "@/lib/db/migrations/external-tables";
import { createTestDatabase, ensureTestPostgres, type TestDatabase } from "../../support/postgres";
import { addMigration, makeTempProject, migrationFolderNames, tempDir, type TempProject } from "./temp-project";

let adminUrl: string;
const databases: TestDatabase[] = [];
const projects: TempProject[] = [];

function project(label: string): TempProject {
  const created = makeTempProject(label);
  projects.push(created);
  return created;
}

function editSchema(root: string, edit: (schema: string) => string): void {
  const file = path.join(root, "prisma", "schema.prisma");
  fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
}

const addOwnerAndTag = (schema: string) =>
  schema.replace(/(\n\s*rootCause\s+String[^\n]*\n)/, '$1  owner               String   @default("")\n') +
  '\nmodel Tag {\n  id   String @id\n  name String @unique\n}\n';

beforeAll(async () => {
  adminUrl = await ensureTestPostgres();
});

afterAll(async () => {
  for (const created of projects) created.cleanup();
  await Promise.all(databases.map((database) => database.drop()));
});

describe("createMigration", () => {
  it("reports no changes and writes nothing when the schema matches the migrations", async () => {
    const { root } = project("unchanged");
    const before = { sqlite: migrationFolderNames(root, "sqlite"), postgresql: migrationFolderNames(root, "postgresql") };
    const result = await createMigration("nothing", { root, postgresAdminUrl: adminUrl });
    expect(result.status).toBe("no-changes");
    expect(result.files).toEqual([]);
    expect(migrationFolderNames(root, "sqlite")).toEqual(before.sqlite);
    expect(migrationFolderNames(root, "postgresql")).toEqual(before.postgresql);
  });

  it("writes a paired migration for a schema change, which then applies cleanly", async () => {
    const { root } = project("changed");
    editSchema(root, addOwnerAndTag);
    const result = await createMigration("Add owner & tags", { root, postgresAdminUrl: adminUrl });

    expect(result.status).toBe("created");
    expect(result.name).toMatch(/^\d{14}_add_owner_tags$/);
    expect(result.changed).toEqual({ sqlite: true, postgresql: true });
    expect(migrationFolderNames(root, "sqlite")).toContain(result.name);
    expect(migrationFolderNames(root, "postgresql")).toContain(result.name);

    const [sqliteFile, postgresFile] = result.files;
    const sqliteSql = fs.readFileSync(sqliteFile, "utf8");
    const postgresSql = fs.readFileSync(postgresFile, "utf8");
    expect(sqliteSql).toContain('CREATE TABLE "Tag"');
    expect(sqliteSql).toContain('"owner" TEXT NOT NULL DEFAULT \'\'');
    expect(postgresSql).toMatch(/ALTER TABLE "Incident" ADD COLUMN\s+"owner" TEXT NOT NULL DEFAULT ''/);
    expect(postgresSql).toContain('CREATE TABLE "Tag"');
    expect(postgresSql).not.toContain("PRAGMA");

    // The new migration is now part of the history: diffing again finds nothing.
    expect((await createMigration("again", { root, postgresAdminUrl: adminUrl })).status).toBe("no-changes");

    const scratch = tempDir("changed-apply");
    try {
      const sqlite = resolveDatabaseConfig({ DATABASE_URL: `file:${path.join(scratch.dir, "db.sqlite")}` });
      expect(await applyMigrations(sqlite, { root })).toContain(result.name);
      const database = await createTestDatabase("new_migration");
      databases.push(database);
      const postgres = resolveDatabaseConfig({ DATABASE_URL: database.url });
      expect(await applyMigrations(postgres, { root })).toContain(result.name);
      expect((await migrationStatus(postgres, { root })).upToDate).toBe(true);
    } finally {
      scratch.cleanup();
    }
  });

  it("leaves hand-made tables alone when they are declared external", async () => {
    const { root } = project("external");
    const name = "29990101000000_search";
    addMigration(root, "sqlite", name, 'CREATE VIRTUAL TABLE "incident_search" USING fts5(title, body);\n');
    addMigration(
      root,
      "postgresql",
      name,
      [
        'CREATE TABLE "incident_search" ("incidentId" TEXT PRIMARY KEY, "document" tsvector);',
        "CREATE FUNCTION incident_search_note() RETURNS text AS $$ BEGIN RETURN 'a;b'; END; $$ LANGUAGE plpgsql;",
        "",
      ].join("\n"),
    );
    const externalTables = { sqlite: fts5Tables("incident_search"), postgresql: ["incident_search"] };
    const declared = await createMigration("declared", { root, postgresAdminUrl: adminUrl, externalTables, now: new Date("2999-06-01T00:00:00Z") });
    expect(declared.status).toBe("no-changes");

    const undeclared = await createMigration("undeclared", { root, postgresAdminUrl: adminUrl, now: new Date("2999-06-01T00:00:00Z") });
    expect(undeclared.status).toBe("created");
    expect(undeclared.sql.sqlite).toContain('DROP TABLE "incident_search"');
    expect(undeclared.sql.postgresql).toContain('DROP TABLE "incident_search"');
  });
});

describe("migration names", () => {
  it("turns free text into a snake_case slug", () => {
    expect(migrationSlug("Add incident owner")).toBe("add_incident_owner");
    expect(migrationSlug("  FTS: Chinese/segmented  ")).toBe("fts_chinese_segmented");
    expect(() => migrationSlug("!!!")).toThrow(/no letters or digits/);
  });

  it("uses the UTC time, bumped past the newest existing folder", () => {
    const scratch = tempDir("stamps");
    try {
      expect(migrationTimestamp(scratch.dir, new Date("2030-02-03T04:05:06Z"))).toBe("20300203040506");
      addMigration(scratch.dir, "postgresql", "20300203040506_first", "SELECT 1;\n");
      expect(migrationTimestamp(scratch.dir, new Date("2030-02-03T04:05:06Z"))).toBe("20300203040507");
      expect(migrationTimestamp(scratch.dir, new Date("2020-01-01T00:00:00Z"))).toBe("20300203040507");
    } finally {
      scratch.cleanup();
    }
  });
});
