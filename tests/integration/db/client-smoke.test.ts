import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdapterFactory } from "@/lib/db/adapters";
import { resolveDatabaseConfig, type DatabaseConfig } from "@/lib/db/config";
import { applyMigrations } from "@/lib/db/migrations/apply";
import { PrismaClient as PostgresClient } from "@/lib/db/generated/postgres/client";
import { PrismaClient as SqliteClient } from "@/lib/db/generated/sqlite/client";
import { createTestDatabase, type TestDatabase } from "../../support/postgres";
import { REAL_ROOT, tempDir } from "./temp-project";

/** The generated clients work against migrated databases through the shared adapter factory. */

type AnyClient = InstanceType<typeof SqliteClient> | InstanceType<typeof PostgresClient>;

async function insertAndRead(client: AnyClient) {
  // Both clients come from the same models; the union only differs in provider internals.
  const prisma = client as InstanceType<typeof SqliteClient>;
  const startedAt = new Date("2025-03-04T05:06:07.089Z");
  await prisma.incident.create({
    data: {
      id: "inc-1",
      slug: "disk-full",
      title: "磁盘写满导致写入失败",
      status: "resolved",
      severity: "sev2",
      tags: JSON.stringify(["storage"]),
      startedAt,
      entries: { create: [{ id: "e-1", key: "detect", at: startedAt, kind: "detection", title: "Alert fired" }] },
    },
  });
  const read = await prisma.incident.findUniqueOrThrow({ where: { slug: "disk-full" }, include: { entries: true } });
  expect(read.title).toBe("磁盘写满导致写入失败");
  expect(read.startedAt?.toISOString()).toBe(startedAt.toISOString());
  expect(JSON.parse(read.tags)).toEqual(["storage"]);
  expect(read.version).toBe(1);
  expect(read.entries.map((entry) => entry.key)).toEqual(["detect"]);
  expect(read.updatedAt).toBeInstanceOf(Date);
}

describe("generated client on SQLite", () => {
  const scratch = tempDir("client-sqlite");
  let config: DatabaseConfig;
  beforeAll(async () => {
    config = resolveDatabaseConfig({ DATABASE_URL: `file:${path.join(scratch.dir, "casebook.db")}` });
    await applyMigrations(config, { root: REAL_ROOT });
  });
  afterAll(() => scratch.cleanup());

  it("inserts and reads an incident", async () => {
    const client = new SqliteClient({ adapter: createAdapterFactory(config) });
    try {
      await insertAndRead(client);
    } finally {
      await client.$disconnect();
    }
  });
});

describe("generated client on PostgreSQL", () => {
  let database: TestDatabase;
  let config: DatabaseConfig;
  beforeAll(async () => {
    database = await createTestDatabase("client_smoke");
    config = resolveDatabaseConfig({ DATABASE_URL: database.url });
    await applyMigrations(config, { root: REAL_ROOT });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("inserts and reads an incident", async () => {
    const client = new PostgresClient({ adapter: createAdapterFactory(config) });
    try {
      await insertAndRead(client);
    } finally {
      await client.$disconnect();
    }
  });
});
