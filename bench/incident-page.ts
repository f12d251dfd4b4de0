// Server p50 for an incident page with 500 entries, as a ratio to a trivial dynamic route measured in
// the same run against the same production server. Target ratio ≤ 5.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDbClient } from "../lib/db/client";
import { resolveDatabaseConfig } from "../lib/db/config";
import { applyMigrations } from "../lib/db/migrations/apply";
import { importPortables } from "../lib/incidents/import-export";
import { generateIncident } from "./generate-incidents";

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const TARGET_RATIO = 5;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-bench-page-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
const config = resolveDatabaseConfig({ DATABASE_URL: databaseUrl });
await applyMigrations(config);
const db = await createDbClient(config);
// bench-30: a short incident (shown whole) as a reference for what any incident page costs.
await importPortables(db, [
  { ...generateIncident(0, 500), slug: "bench-500" },
  { ...generateIncident(1, 30), slug: "bench-30" },
]);
await db.$disconnect();

const server = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], {
  cwd: ROOT,
  env: { ...process.env, PORT: String(PORT), HOST: "127.0.0.1", DATABASE_URL: databaseUrl },
  stdio: ["ignore", "pipe", "inherit"],
});

async function waitForServer(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("server did not start");
}

/** p50 of a page read right after a write to the incident: the kept document is stale and read again. */
async function p50AfterWrite(base: string, slug: string): Promise<number> {
  const entryUrl = `${base}/api/v1/incidents/${slug}/entries/e1`;
  let version = ((await (await fetch(entryUrl)).json()) as { version: number }).version;
  const times: number[] = [];
  for (let i = 0; i < Math.min(REQUESTS, 30); i++) {
    const write = await fetch(entryUrl, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ version, title: `observation 1 (edit ${i})` }) });
    if (!write.ok) throw new Error(`PATCH ${entryUrl} → ${write.status}`);
    version = ((await write.json()) as { version: number }).version;
    const started = performance.now();
    const response = await fetch(`${base}/incidents/${slug}`);
    const html = await response.text();
    times.push(performance.now() - started);
    if (!html.includes(`observation 1 (edit ${i})`)) throw new Error("the page did not show the write just made");
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function p50(url: string): Promise<number> {
  for (let i = 0; i < 10; i++) await (await fetch(url)).arrayBuffer(); // warm-up: compile caches, JIT
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} → ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

try {
  const base = `http://127.0.0.1:${PORT}`;
  await waitForServer(`${base}/api/v1/health`);
  const trivial = await p50(`${base}/api/v1/health`);
  const page = await p50(`${base}/incidents/bench-500`);
  const fullTimeline = await p50(`${base}/incidents/bench-500?timeline=all`);
  const short = await p50(`${base}/incidents/bench-30`);
  const everything = await p50(`${base}/incidents/bench-500?timeline=all&board=all`);
  // The page asks for its "Similar incidents" after it has arrived: reported here so nothing is hidden.
  const similar = await p50(`${base}/api/v1/incidents/bench-500/similar`);
  // So do its link and upload forms, for their 500 entry choices.
  const choices = await p50(`${base}/api/v1/incidents/bench-500/entry-choices`);
  const afterWrite = await p50AfterWrite(base, "bench-500");
  const ratio = page / trivial;
  const times = (ms: number) => `${ms.toFixed(1)} ms (${(ms / trivial).toFixed(1)}×)`;
  console.log(`load average (1 min) ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`);
  console.log(`incident page (500 entries; first 20 + last 20 shown, ≤ 8 cards per board column): p50 ${page.toFixed(1)} ms`);
  console.log(`for reference, a 30-entry incident (shown whole): p50 ${times(short)}`);
  console.log(`incident page with all 500 entries expanded (?timeline=all): p50 ${times(fullTimeline)}`);
  console.log(`incident page with every entry and every board card (?timeline=all&board=all): p50 ${times(everything)}`);
  console.log(`incident page right after a write to the incident (document read again): p50 ${times(afterWrite)}`);
  console.log(`similar incidents, fetched by the page once it has loaded (GET …/similar): p50 ${times(similar)}`);
  console.log(`entry choices, fetched by the page's forms once shown (GET …/entry-choices): p50 ${times(choices)}`);
  console.log(`trivial dynamic route (/api/v1/health): p50 ${trivial.toFixed(1)} ms`);
  console.log(`ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) → ${ratio <= TARGET_RATIO ? "met" : "MISSED"}`);
} finally {
  server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });
}
