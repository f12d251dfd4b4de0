// Import of 1,000 generated incidents (20 entries each) into an empty SQLite database, through the
// same path as `casebook import`: files on disk → parse/validate → one transaction. Target ≤ 30 s.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readContentDir, writeContentDir } from "../lib/content/files";
import { createDbClient } from "../lib/db/client";
import { resolveDatabaseConfig } from "../lib/db/config";
import { applyMigrations } from "../lib/db/migrations/apply";
import { importPortables } from "../lib/incidents/import-export";
import { generateIncident } from "./generate-incidents";

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1000);
const ENTRIES = 20;
const TARGET_SECONDS = 30;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-bench-import-"));
try {
  const contentDir = path.join(dir, "incidents");
  await writeContentDir(contentDir, Array.from({ length: INCIDENTS }, (_, i) => generateIncident(i, ENTRIES)));
  const config = resolveDatabaseConfig({ DATABASE_URL: `file:${path.join(dir, "bench.db")}` });
  await applyMigrations(config);
  const db = await createDbClient(config);

  const started = performance.now();
  const incidents = await readContentDir(contentDir);
  const parsed = performance.now();
  await importPortables(db, incidents);
  const finished = performance.now();
  const stored = await db.timelineEntry.count();
  await db.$disconnect();

  const seconds = (finished - started) / 1000;
  console.log(`import: ${INCIDENTS} incidents × ${ENTRIES} entries (${stored} entries stored)`);
  console.log(`  read + validate files: ${((parsed - started) / 1000).toFixed(2)} s`);
  console.log(`  database transaction:  ${((finished - parsed) / 1000).toFixed(2)} s`);
  console.log(`  total: ${seconds.toFixed(2)} s (target ≤ ${TARGET_SECONDS} s) → ${seconds <= TARGET_SECONDS ? "met" : "MISSED"}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
