// Load: 50 concurrent clients write timeline entries to the same few incidents, edit them with
// optimistic versions and read pages for 30 s against the production server, on SQLite and on
// PostgreSQL. Passes when there are 0 errors other than expected 409s and every acknowledged (201)
// entry is stored, no more and no fewer. Prints p50/p99 for reads and writes and throughput.
//   npx tsx bench/load.ts [sqlite|postgresql|both]   (LOAD_CLIENTS, LOAD_SECONDS, LOAD_INCIDENTS)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "../tests/support/postgres";
import { apiHeaders, startProductionServer } from "../tests/support/production-server";
import { createLoadIncidents, percentile, runLoad, storedEntryKeys } from "./load-runner";

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const INCIDENTS = Number(process.env.LOAD_INCIDENTS ?? 3);
const which = process.argv[2] ?? "both";
const kinds = which === "both" ? ["sqlite", "postgresql"] : [which];

async function databaseFor(kind: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-load-"));
    return { url: `file:${path.join(dir, "load.db")}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (kind === "postgresql") return createTestDatabase("load");
  throw new Error(`unknown database "${kind}" (sqlite, postgresql or both)`);
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
let failed = false;

for (const kind of kinds) {
  const database = await databaseFor(kind);
  const server = await startProductionServer({ databaseUrl: database.url });
  try {
    const headers = apiHeaders();
    const slugs = await createLoadIncidents(server.baseUrl, INCIDENTS, `load-${kind}`, headers);
    const before = await storedEntryKeys(server.baseUrl, slugs, headers);
    const loadBefore = os.loadavg()[0];
    const result = await runLoad({ baseUrl: server.baseUrl, slugs, clients: CLIENTS, durationMs: SECONDS * 1000, headers });
    const stored = await storedEntryKeys(server.baseUrl, slugs, headers);
    const acknowledged = new Set(result.acknowledged.map((entry) => `${entry.slug}/${entry.key}`));
    const missing = [...acknowledged].filter((key) => !stored.has(key));
    const unexpected = [...stored].filter((key) => !before.has(key) && !acknowledged.has(key));
    const seconds = result.durationMs / 1000;
    console.log(`\n== ${kind}: ${CLIENTS} clients × ${SECONDS} s on ${INCIDENTS} incidents (load avg ${loadBefore.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}, ${os.cpus().length} cores)`);
    console.log(`reads : ${result.reads.length} (${(result.reads.length / seconds).toFixed(1)}/s)  p50 ${fmt(percentile(result.reads, 50))}  p99 ${fmt(percentile(result.reads, 99))}`);
    console.log(`writes: ${result.writes.length} (${(result.writes.length / seconds).toFixed(1)}/s)  p50 ${fmt(percentile(result.writes, 50))}  p99 ${fmt(percentile(result.writes, 99))}`);
    console.log(`entries acknowledged (201): ${acknowledged.size}; stored new: ${stored.size - before.size}; missing: ${missing.length}; stored but never acknowledged: ${unexpected.length}`);
    console.log("outcomes:");
    for (const [label, n] of [...result.outcomes].sort()) console.log(`  ${label}: ${n}`);
    const ok = result.errors === 0 && missing.length === 0 && unexpected.length === 0 && stored.size - before.size === acknowledged.size;
    console.log(`${kind}: ${ok ? "PASS" : "FAIL"} (${result.errors} unexpected responses)`);
    if (!ok) {
      failed = true;
      console.log(server.log().slice(-4000));
    }
  } finally {
    await server.stop();
    await database.drop();
  }
}
process.exit(failed ? 1 : 0);
