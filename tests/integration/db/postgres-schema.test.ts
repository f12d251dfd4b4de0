import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA_HEADER, renderPostgresSchema, writePostgresSchema } from "@/lib/db/migrations/postgres-schema";
import { REAL_ROOT, makeTempProject } from "./temp-project";

const source = fs.readFileSync(path.join(REAL_ROOT, "prisma", "schema.prisma"), "utf8");

describe("prisma/postgres/schema.prisma", () => {
  it("is up to date with prisma/schema.prisma (run `node scripts/prisma-generate.mjs` after editing the schema)", () => {
    const committed = fs.readFileSync(path.join(REAL_ROOT, "prisma", "postgres", "schema.prisma"), "utf8");
    expect(committed).toBe(renderPostgresSchema(source));
  });

  it("swaps the provider and points the client output next to the SQLite one", () => {
    const rendered = renderPostgresSchema(source);
    expect(rendered.startsWith(POSTGRES_SCHEMA_HEADER)).toBe(true);
    expect(rendered).toMatch(/datasource db \{\s*provider = "postgresql"\s*\}/);
    expect(rendered).toContain('output       = "../../lib/db/generated/postgres"');
    expect(rendered).not.toContain('"sqlite"');
    // Every model survives unchanged.
    const models = (text: string) => text.match(/^model \w+ \{[\s\S]*?\n\}/gm) ?? [];
    expect(models(rendered)).toEqual(models(source));
    expect(models(rendered).length).toBeGreaterThan(5);
  });

  it("rejects a source that is not a SQLite schema with a sqlite client folder", () => {
    expect(() => renderPostgresSchema(source.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/must be "sqlite"/);
    expect(() => renderPostgresSchema(source.replace("generated/sqlite", "generated/client"))).toThrow(/must end in a "sqlite" folder/);
  });

  it("writes the copy only when it changes", () => {
    const project = makeTempProject("pg-schema");
    try {
      fs.rmSync(path.join(project.root, "prisma", "postgres", "schema.prisma"), { force: true });
      expect(writePostgresSchema(project.root).changed).toBe(true);
      expect(writePostgresSchema(project.root).changed).toBe(false);
    } finally {
      project.cleanup();
    }
  });
});
