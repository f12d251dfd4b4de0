import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { describeDatabase, projectRoot, redactDatabaseUrl, resolveDatabaseConfig } from "@/lib/db/config";

const root = "/srv/casebook";

function sqliteFile(url: string): string {
  const config = resolveDatabaseConfig({ DATABASE_URL: url }, root);
  if (config.provider !== "sqlite") throw new Error(`${url} did not resolve to SQLite`);
  return config.filePath;
}

describe("resolveDatabaseConfig", () => {
  it("defaults to data/casebook.db under the project root", () => {
    expect(resolveDatabaseConfig({}, root)).toEqual({
      provider: "sqlite",
      url: "file:/srv/casebook/data/casebook.db",
      filePath: "/srv/casebook/data/casebook.db",
    });
    expect(resolveDatabaseConfig({ DATABASE_URL: "  " }, root).provider).toBe("sqlite");
  });

  it("resolves relative file: URLs against the project root, not the working directory", () => {
    expect(resolveDatabaseConfig({ DATABASE_URL: "file:./tmp/x.db?connection_limit=1" }, root)).toMatchObject({
      filePath: "/srv/casebook/tmp/x.db",
    });
    expect(sqliteFile("file:/var/lib/cb.db")).toBe("/var/lib/cb.db");
    expect(sqliteFile("file:///var/lib/cb.db")).toBe("/var/lib/cb.db");
  });

  it("accepts postgresql:// and postgres://", () => {
    for (const url of ["postgresql://u:p@db:5432/casebook", "postgres://db/casebook"]) {
      expect(resolveDatabaseConfig({ DATABASE_URL: url }, root)).toEqual({ provider: "postgresql", url });
    }
  });

  it("rejects anything else with a one-line InvalidInputError that hides the password", () => {
    const attempt = () => resolveDatabaseConfig({ DATABASE_URL: "mysql://admin:s3cret@db/casebook" }, root);
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(/postgresql:\/\//);
    expect(attempt).not.toThrow(/s3cret/);
    expect(() => resolveDatabaseConfig({ DATABASE_URL: "postgresql://db" }, root)).toThrow(/names no database/);
    expect(() => resolveDatabaseConfig({ DATABASE_URL: "file:" }, root)).toThrow(InvalidInputError);
  });

  it("describes targets without secrets", () => {
    expect(redactDatabaseUrl("postgresql://u:pw@h:5/db")).toBe("postgresql://u:***@h:5/db");
    expect(describeDatabase({ provider: "postgresql", url: "postgresql://u:pw@h:5/db" })).toBe("PostgreSQL h:5/db");
    expect(describeDatabase(resolveDatabaseConfig({}, root), root)).toBe(`SQLite ${path.join("data", "casebook.db")}`);
  });

  it("finds the project root", () => {
    expect(projectRoot()).toBe(path.resolve(__dirname, "..", "..", ".."));
  });
});
