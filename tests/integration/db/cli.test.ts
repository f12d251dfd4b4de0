import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "@/lib/cli/command";
import { dbCommands } from "@/lib/cli/commands/db";
import { isCasebookError } from "@/lib/errors";
import { ensureTestPostgres } from "../../support/postgres";
import { makeTempProject, migrationFolderNames, type TempProject } from "./temp-project";

/**
 * Runs a `db` command the way lib/cli/main.ts does (CasebookError → one stderr line, exit 2) without
 * importing every other command group, so these tests do not depend on unrelated CLI modules.
 */
async function runDbCommand(argv: string[], io: CliIO): Promise<number> {
  const command = dbCommands.find((candidate) => candidate.path.every((word, i) => argv[i] === word));
  if (!command) throw new Error(`no db command for ${argv.join(" ")}`);
  try {
    return await command.run(argv.slice(command.path.length), io);
  } catch (error) {
    if (!isCasebookError(error)) throw error;
    io.stderr.write(`casebook ${command.path.join(" ")}: ${error.message.replace(/\s*\n\s*/g, " ")}\n`);
    return error.status >= 500 ? 1 : 2;
  }
}

async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  const code = await runDbCommand(argv, { stdin: Readable.from([]), stdout, stderr, isTTY: false, env, cwd: process.cwd() });
  return { code, out, err };
}

describe("casebook db", () => {
  let project: TempProject;
  let env: NodeJS.ProcessEnv;
  const asEnv = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

  beforeAll(async () => {
    project = makeTempProject("cli");
    env = asEnv({
      CASEBOOK_ROOT: project.root,
      DATABASE_URL: `file:${path.join(project.root, "data", "cli.db")}`,
      CASEBOOK_PG_ADMIN_URL: await ensureTestPostgres(),
    });
  });
  afterAll(() => project.cleanup());

  it("status exits 1 while migrations are pending, migrate applies them, then status exits 0", async () => {
    const before = await cli(["db", "status"], env);
    expect(before.code).toBe(1);
    expect(before.out).toMatch(/\(does not exist yet\): 0 applied, \d+ pending/);

    const migrate = await cli(["db", "migrate"], env);
    expect(migrate).toMatchObject({ code: 0, err: "" });
    expect(migrate.out).toMatch(/applied \d{14}_init/);
    expect(migrate.out).toMatch(/Applied \d+ migrations? to SQLite data\/cli\.db/);

    expect((await cli(["db", "migrate"], env)).out).toContain("is up to date");
    const after = await cli(["db", "status", "--json"], env);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out)).toMatchObject({ provider: "sqlite", upToDate: true, pending: [] });
  });

  it("new-migration regenerates the PostgreSQL schema copy and writes nothing without a change", async () => {
    fs.rmSync(path.join(project.root, "prisma", "postgres", "schema.prisma"));
    const folders = migrationFolderNames(project.root, "sqlite");
    const result = await cli(["db", "new-migration", "no", "change"], env);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toContain("updated prisma/postgres/schema.prisma");
    expect(result.out).toContain("nothing written");
    expect(fs.existsSync(path.join(project.root, "prisma", "postgres", "schema.prisma"))).toBe(true);
    expect(migrationFolderNames(project.root, "sqlite")).toEqual(folders);
  });

  it("turns configuration problems into one-line errors with exit code 2", async () => {
    const unreachable = await cli(["db", "migrate"], { ...env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/casebook" });
    expect(unreachable.code).toBe(2);
    expect(unreachable.err).toMatch(/^casebook db migrate: cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused.*\n$/);
    expect(unreachable.err.trim().split("\n")).toHaveLength(1);

    const unsupported = await cli(["db", "status"], { ...env, DATABASE_URL: "mysql://db/casebook" });
    expect(unsupported.code).toBe(2);
    expect(unsupported.err).toContain("DATABASE_URL must be unset");

    const nameless = await cli(["db", "new-migration"], env);
    expect(nameless.code).toBe(2);
    expect(nameless.err).toContain("a migration name is required");
  });
});
