#!/usr/bin/env node
// npm postinstall: writes prisma/postgres/schema.prisma from prisma/schema.prisma, then generates
// both Prisma clients (lib/db/generated/sqlite and lib/db/generated/postgres). Offline: the Prisma
// CLI only needs *some* schema-engine path to skip its download, and generate never runs it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SCHEMAS = ["prisma/schema.prisma", "prisma/postgres/schema.prisma"];

function generate(schema, prismaBin) {
  return new Promise((resolve) => {
    const child = spawn(prismaBin, ["generate", "--schema", schema], {
      cwd: root,
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ schema, ok: false, output: `${output}${error.message}` }));
    child.on("close", (code) => resolve({ schema, ok: code === 0, output }));
  });
}

async function main() {
  const started = Date.now();
  // The schema renderer is TypeScript shared with the CLI; tsx (a dependency) compiles it on the fly.
  const unregister = register({ tsconfig: path.join(root, "tsconfig.json") });
  const { writePostgresSchema } = await import("../lib/db/migrations/postgres-schema.ts");
  const written = writePostgresSchema(root);
  await unregister();
  console.log(`prisma-generate: ${path.relative(root, written.path)} ${written.changed ? "written" : "up to date"}`);

  const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
  if (!fs.existsSync(prismaBin)) {
    const devOmitted = /\bdev\b/.test(process.env.npm_config_omit ?? "") || process.env.NODE_ENV === "production";
    console.error(`prisma-generate: ${prismaBin} is missing (the prisma CLI is a dev dependency); clients not generated`);
    return devOmitted ? 0 : 1;
  }
  // Both in parallel: each is mostly CLI start-up, and there are two cores.
  const results = await Promise.all(SCHEMAS.map((schema) => generate(schema, prismaBin)));
  for (const result of results) {
    if (result.ok) {
      const line = result.output.split("\n").find((l) => l.includes("Generated Prisma Client"));
      console.log(`prisma-generate: ${result.schema}: ${(line ?? "generated").replace(/^[^A-Za-z]+/, "").trim()}`);
    } else {
      console.error(`prisma-generate: prisma generate --schema ${result.schema} failed:\n${result.output.trim()}`);
    }
  }
  console.log(`prisma-generate: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main();
