import fs from "node:fs";
import path from "node:path";
import { InvalidInputError } from "../../errors";
import { POSTGRES_SCHEMA_PATH, SOURCE_SCHEMA_PATH } from "./files";

/**
 * prisma/postgres/schema.prisma is a copy of the SQLite source schema with the datasource provider
 * and the client output swapped: a Prisma schema names exactly one provider and its generated client
 * only accepts a driver adapter for that provider.
 */
export const POSTGRES_SCHEMA_HEADER = [
  "// generated — do not edit.",
  `// Copy of ${SOURCE_SCHEMA_PATH} for PostgreSQL (provider and client output swapped), written by`,
  "// `node scripts/prisma-generate.mjs` (npm postinstall) or `casebook db generate-postgres-schema`.",
  "// Edit the source schema, then regenerate; tests/integration/db fail while this copy is stale.",
].join("\n");

const SOURCE_DIR = path.posix.dirname(SOURCE_SCHEMA_PATH);
const COPY_DIR = path.posix.dirname(POSTGRES_SCHEMA_PATH);

interface Block {
  kind: string;
  start: number;
  end: number;
}

/** Top-level `datasource x { … }` / `generator x { … }` blocks; Prisma blocks do not nest. */
function findBlocks(text: string, kind: "datasource" | "generator"): Block[] {
  const blocks: Block[] = [];
  const opener = new RegExp(`^${kind}\\s+\\w+\\s*\\{`, "gm");
  for (let match = opener.exec(text); match; match = opener.exec(text)) {
    const close = text.indexOf("\n}", match.index);
    if (close < 0) throw new InvalidInputError(`${SOURCE_SCHEMA_PATH}: unterminated ${kind} block`);
    blocks.push({ kind, start: match.index, end: close + 2 });
  }
  return blocks;
}

function replaceSetting(block: string, key: string, replace: (value: string) => string, what: string): string {
  const setting = new RegExp(`^(\\s*${key}\\s*=\\s*)"([^"]*)"`, "m");
  const match = setting.exec(block);
  if (!match) throw new InvalidInputError(`${SOURCE_SCHEMA_PATH}: ${what} has no ${key} = "…"`);
  return block.replace(setting, (_all, prefix: string, value: string) => `${prefix}"${replace(value)}"`);
}

/** `../lib/db/generated/sqlite` seen from prisma/ → `../../lib/db/generated/postgres` seen from prisma/postgres/. */
function postgresOutput(sourceOutput: string): string {
  const target = path.posix.normalize(path.posix.join(SOURCE_DIR, sourceOutput));
  if (path.posix.basename(target) !== "sqlite") {
    throw new InvalidInputError(
      `${SOURCE_SCHEMA_PATH}: generator output "${sourceOutput}" must end in a "sqlite" folder so the PostgreSQL client can sit next to it`,
    );
  }
  return path.posix.relative(COPY_DIR, path.posix.join(path.posix.dirname(target), "postgres"));
}

/** Drops the source's leading comment block: it describes the source file, not the copy. */
function withoutLeadingComments(text: string): string {
  const lines = text.split("\n");
  let first = 0;
  while (first < lines.length && (lines[first].trim() === "" || lines[first].trimStart().startsWith("//"))) first++;
  return lines.slice(first).join("\n");
}

export function renderPostgresSchema(sqliteSchemaText: string): string {
  let text = withoutLeadingComments(sqliteSchemaText.replace(/\r\n/g, "\n"));
  const datasources = findBlocks(text, "datasource");
  const generators = findBlocks(text, "generator");
  if (datasources.length !== 1) throw new InvalidInputError(`${SOURCE_SCHEMA_PATH}: expected one datasource block, found ${datasources.length}`);
  if (generators.length === 0) throw new InvalidInputError(`${SOURCE_SCHEMA_PATH}: no generator block`);
  // Replace from the end so earlier offsets stay valid.
  for (const block of [...datasources, ...generators].sort((a, b) => b.start - a.start)) {
    const body = text.slice(block.start, block.end);
    const rewritten =
      block.kind === "datasource"
        ? replaceSetting(body, "provider", (provider) => {
            if (provider !== "sqlite") throw new InvalidInputError(`${SOURCE_SCHEMA_PATH}: datasource provider must be "sqlite", got "${provider}"`);
            return "postgresql";
          }, "the datasource")
        : replaceSetting(body, "output", postgresOutput, "a generator");
    text = text.slice(0, block.start) + rewritten + text.slice(block.end);
  }
  return `${POSTGRES_SCHEMA_HEADER}\n\n${text}`;
}

export interface WrittenSchema {
  path: string;
  changed: boolean;
}

/** Writes prisma/postgres/schema.prisma when its content differs (keeps mtimes stable for tools). */
export function writePostgresSchema(root: string): WrittenSchema {
  const sourcePath = path.join(root, SOURCE_SCHEMA_PATH);
  const copyPath = path.join(root, POSTGRES_SCHEMA_PATH);
  const rendered = renderPostgresSchema(fs.readFileSync(sourcePath, "utf8"));
  const current = fs.existsSync(copyPath) ? fs.readFileSync(copyPath, "utf8") : undefined;
  if (current === rendered) return { path: copyPath, changed: false };
  fs.mkdirSync(path.dirname(copyPath), { recursive: true });
  fs.writeFileSync(copyPath, rendered);
  return { path: copyPath, changed: true };
}

/** The schema text the engine should see for a provider, always derived from the source file. */
export function readSchemaFor(root: string, provider: "sqlite" | "postgresql"): { path: string; content: string } {
  const source = fs.readFileSync(path.join(root, SOURCE_SCHEMA_PATH), "utf8");
  return provider === "sqlite"
    ? { path: SOURCE_SCHEMA_PATH, content: source }
    : { path: POSTGRES_SCHEMA_PATH, content: renderPostgresSchema(source) };
}
