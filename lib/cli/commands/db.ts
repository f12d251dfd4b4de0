import path from "node:path";
import { InvalidInputError } from "../../errors";
import { describeDatabase, projectRoot, resolveDatabaseConfig } from "../../db/config";
import { applyMigrations, migrationStatus, type MigrationStatus } from "../../db/migrations/apply";
import { createMigration } from "../../db/migrations/create";
import { EXTERNAL_TABLES } from "../../db/migrations/external-tables";
import { writePostgresSchema } from "../../db/migrations/postgres-schema";
import { parseCliArgs } from "../args";
import type { CliCommand, CliIO } from "../command";

/** `casebook db …`: migrations for the database named by DATABASE_URL (SQLite by default). */

function rootFor(io: CliIO): string {
  return io.env.CASEBOOK_ROOT?.trim() ? path.resolve(io.env.CASEBOOK_ROOT) : projectRoot();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

const migrate: CliCommand = {
  path: ["db", "migrate"],
  summary: "Apply pending migrations to the DATABASE_URL database (creates it if missing)",
  usage: [
    "Usage: casebook db migrate",
    "",
    "Applies the migrations in prisma/migrations (SQLite) or prisma/postgres/migrations (PostgreSQL)",
    "that the database has not seen yet. DATABASE_URL: unset or file:… → SQLite (default",
    "file:./data/casebook.db), postgresql://… → PostgreSQL.",
  ].join("\n"),
  async run(args, io) {
    parseCliArgs(args, {}, false);
    const root = rootFor(io);
    const config = resolveDatabaseConfig(io.env, root);
    const target = describeDatabase(config, root);
    const started = Date.now();
    const applied = await applyMigrations(config, {
      root,
      externalTables: EXTERNAL_TABLES,
      log: (line) => io.stdout.write(`${line}\n`),
    });
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    io.stdout.write(
      applied.length === 0
        ? `${target} is up to date.\n`
        : `Applied ${plural(applied.length, "migration")} to ${target} in ${took}.\n`,
    );
    return 0;
  },
};

function formatStatus(status: MigrationStatus, target: string): string {
  const counts = [
    `${status.applied.length} applied`,
    `${status.pending.length} pending`,
    status.failed.length ? `${status.failed.length} failed` : "",
    status.checksumMismatch.length ? `${status.checksumMismatch.length} edited after applying` : "",
  ].filter(Boolean);
  const lines = [`${target}${status.databaseExists ? "" : " (does not exist yet)"}: ${counts.join(", ")}`];
  const width = Math.max(...status.migrations.map((m) => m.state.length), 7);
  for (const migration of status.migrations) {
    lines.push(`  ${migration.state.padEnd(width)}  ${migration.name}${migration.at ? `  ${migration.at}` : ""}`);
    if (migration.logs) lines.push(`  ${" ".repeat(width)}  ${migration.logs.split("\n")[0]}`);
  }
  for (const name of status.notInFolder) lines.push(`  ${"unknown".padEnd(width)}  ${name}  (applied, but no such migration folder)`);
  if (status.checksumMismatch.length) lines.push("Edited migrations must be restored; put schema changes in a new migration.");
  else if (status.failed.length) lines.push("A failed migration blocks the rest: repair the database, then delete its row from _prisma_migrations.");
  else if (status.pending.length) lines.push('Run "casebook db migrate" to apply pending migrations.');
  return `${lines.join("\n")}\n`;
}

const status: CliCommand = {
  path: ["db", "status"],
  summary: "Show applied, pending, failed and edited migrations (exit 1 unless up to date)",
  usage: "Usage: casebook db status [--json]\n\nCompares the migration folders with the _prisma_migrations table. Changes nothing.",
  async run(args, io) {
    const { values } = parseCliArgs(args, { json: { type: "boolean" } }, false);
    const root = rootFor(io);
    const config = resolveDatabaseConfig(io.env, root);
    const result = await migrationStatus(config, { root });
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatStatus(result, describeDatabase(config, root)));
    return result.upToDate ? 0 : 1;
  },
};

const newMigration: CliCommand = {
  path: ["db", "new-migration"],
  summary: "Create a migration (SQLite and PostgreSQL) from changes to prisma/schema.prisma",
  usage: [
    "Usage: casebook db new-migration NAME [--pg-admin-url URL]",
    "",
    "Regenerates prisma/postgres/schema.prisma, then diffs the existing migrations against the schema",
    "for both databases and writes <UTC timestamp>_<name>/migration.sql into prisma/migrations and",
    "prisma/postgres/migrations. Writes nothing when the schema is unchanged. Applies nothing.",
    "The PostgreSQL diff needs a server for its shadow database: --pg-admin-url, else DATABASE_URL",
    "when it is PostgreSQL, else CASEBOOK_PG_ADMIN_URL, else a private cluster (scripts/postgres.mjs).",
  ].join("\n"),
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { "pg-admin-url": { type: "string" } });
    const name = positionals.join(" ").trim();
    if (!name) throw new InvalidInputError('a migration name is required, e.g. casebook db new-migration "add incident owner"');
    const root = rootFor(io);
    const copy = writePostgresSchema(root);
    if (copy.changed) {
      io.stdout.write(`updated ${path.relative(root, copy.path)}; run "node scripts/prisma-generate.mjs" to regenerate the clients\n`);
    }
    const result = await createMigration(name, {
      root,
      env: io.env,
      postgresAdminUrl: values["pg-admin-url"],
      externalTables: EXTERNAL_TABLES,
      log: (line) => io.stdout.write(`${line}\n`),
    });
    if (result.status === "no-changes") {
      io.stdout.write("No schema changes since the last migration; nothing written.\n");
      return 0;
    }
    io.stdout.write(`Created migration ${result.name}. Review the SQL, then run "casebook db migrate".\n`);
    return 0;
  },
};

const generatePostgresSchema: CliCommand = {
  path: ["db", "generate-postgres-schema"],
  summary: "Write prisma/postgres/schema.prisma from prisma/schema.prisma",
  usage: "Usage: casebook db generate-postgres-schema\n\nnode scripts/prisma-generate.mjs also does this, then generates both clients.",
  async run(args, io) {
    parseCliArgs(args, {}, false);
    const root = rootFor(io);
    const written = writePostgresSchema(root);
    io.stdout.write(`${path.relative(root, written.path)} ${written.changed ? "written" : "is up to date"}\n`);
    return 0;
  },
};

export const dbCommands: CliCommand[] = [migrate, status, newMigration, generatePostgresSchema];
