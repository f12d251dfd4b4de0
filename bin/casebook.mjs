#!/usr/bin/env node
// The CLI is TypeScript shared with the app; tsx compiles it on the fly (with the tsconfig "@/" paths).
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.env.CASEBOOK_ROOT ??= root;
register({ tsconfig: path.join(root, "tsconfig.json") });
const { runCli } = await import("../lib/cli/main.ts");
const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stderr.isTTY),
  env: process.env,
  cwd: process.cwd(),
});
// A database client keeps pools and handles open; close it so the process exits promptly.
if (globalThis.__casebookDb) {
  const { closeDb } = await import("../lib/db/client.ts");
  await closeDb().catch(() => {});
}
process.exitCode = code;
