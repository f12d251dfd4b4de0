// Full-text search over BENCH_ENTRIES (default 100,000) timeline entries of a mixed English/Chinese
// corpus: search p95 through the whole service (facets, grouping, snippets) against a LIKE scan of
// the same documents answering the same queries (see likeQuery), in the same run. Targets (SQLite): p95 ≤ 30 ms and
// ≥ 20× faster than LIKE. PostgreSQL figures are reported too (BENCH_PG=skip leaves them out).
//   npx tsx bench/search.ts
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDbClient, type Db } from "../lib/db/client";
import { resolveDatabaseConfig, type DatabaseConfig } from "../lib/db/config";
import { applyMigrations } from "../lib/db/migrations/apply";
import { importPortables } from "../lib/incidents/import-export";
import { parseSearchQuery, type Phrase } from "../lib/search/query";
import { readRow } from "../lib/search/sqlite-reader";
import { searchKnowledgeBase } from "../lib/search/service";
import { BENCH_QUERIES, corpusIncident } from "./search-corpus";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const PER_INCIDENT = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const LIKE_ROUNDS = Math.max(2, Math.ceil(ROUNDS / 3));
const TARGET_P95_MS = 30;
const TARGET_RATIO = 20;
/** BENCH_REUSE=1 keeps the generated databases (.tmp/bench-search, PostgreSQL casebook_bench_search) for the next run. */
const REUSE = process.env.BENCH_REUSE === "1";

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The same request answered by scanning instead of an index, over the same rows (SearchDocument: the
 * display text of every indexed document) and through the same driver path as the search (SQLite:
 * the search's read-only better-sqlite3 connection; PostgreSQL: Prisma). Same semantics: every word
 * or phrase group must occur (LIKE; ILIKE on PostgreSQL, case-insensitive like SQLite's LIKE),
 * excluded phrases must not; and the same answer: the total, hits per incident and kind with each
 * incident's facet values (status, severity, services, tags, date), and a page of 30 hits with their
 * titles and text for snippets. Its total is exact where the search's stops counting at COUNT_LIMIT:
 * a scan has read every row by then anyway.
 */
async function likeQuery(db: Db, provider: DatabaseConfig["provider"], q: string): Promise<unknown> {
  const query = parseSearchQuery(q);
  const needle = (phrase: Phrase) => `%${phrase.terms.join(/\p{Script=Han}/u.test(phrase.terms[0]) ? "" : " ")}%`;
  const params: string[] = [];
  const placeholder = (value: string) => {
    params.push(value);
    return provider === "sqlite" ? "?" : `$${params.length}`;
  };
  const like = provider === "sqlite" ? "LIKE" : "ILIKE";
  const matches = (phrase: Phrase) => `("title" ${like} ${placeholder(needle(phrase))} OR "body" ${like} ${placeholder(needle(phrase))})`;
  const conditions = query.required.map((group) => `(${group.map(matches).join(" OR ")})`);
  if (query.excluded.length) conditions.push(`NOT (${query.excluded.map(matches).join(" OR ")})`);
  const list = (expression: string) => (provider === "sqlite" ? `json_group_array(${expression})` : `COALESCE(json_agg(${expression}), '[]')::text`);
  const tuple = provider === "sqlite" ? "json_array" : "json_build_array";
  const sql = `
WITH hits AS MATERIALIZED (SELECT "id", "incidentId", "type", "at" FROM "SearchDocument" WHERE ${conditions.join(" AND ")})
SELECT (SELECT count(*) FROM hits) AS total,
       (SELECT ${list(`${tuple}(g."incidentId", g."type", g.n, si."status", si."severity", si."services", si."tags", si."at")`)}
          FROM (SELECT "incidentId", "type", count(*) AS n FROM hits GROUP BY 1, 2) g LEFT JOIN "SearchIncident" si ON si."incidentId" = g."incidentId") AS facets,
       (SELECT ${list(`${tuple}(d."id", d."title", d."body")`)}
          FROM (SELECT "id" FROM hits ORDER BY "at" DESC LIMIT 30) newest JOIN "SearchDocument" d ON d."id" = newest."id") AS page`;
  return provider === "sqlite" ? readRow(db, sql, ...params) : db.$queryRawUnsafe(sql, ...params);
}

async function timeQueries(label: string, rounds: number, run: (q: string) => Promise<unknown>): Promise<number[]> {
  for (const q of BENCH_QUERIES) await run(q); // warm caches and prepared statements
  const times: number[] = [];
  const byQuery = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const q of BENCH_QUERIES) {
      const started = performance.now();
      await run(q);
      const elapsed = performance.now() - started;
      times.push(elapsed);
      byQuery.set(q, [...(byQuery.get(q) ?? []), elapsed]);
    }
  }
  const slowest = [...byQuery]
    .map(([q, values]) => [q, percentile(values, 50)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([q, median]) => `${q} ${ms(median)}`);
  console.log(`  ${label.padEnd(30)} p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}  max ${ms(Math.max(...times))}  (${times.length} queries)`);
  console.log(`  ${"".padEnd(30)} slowest medians: ${slowest.join(" · ")}`);
  return times;
}

async function benchDatabase(config: DatabaseConfig, label: string): Promise<{ searchP95: number; likeP95: number }> {
  await applyMigrations(config);
  const db = await createDbClient(config);
  try {
    const incidents = Math.ceil(ENTRIES / PER_INCIDENT);
    const started = performance.now();
    const reused = REUSE && (await db.timelineEntry.count()) === incidents * PER_INCIDENT;
    const corpus = reused ? [] : Array.from({ length: incidents }, (_, i) => corpusIncident(i, PER_INCIDENT));
    const generated = performance.now();
    // Imported in batches through the same path as `casebook import`, which also builds the index.
    for (let i = 0; i < corpus.length; i += 250) await importPortables(db, corpus.slice(i, i + 250), "bench");
    const imported = performance.now();
    const entries = await db.timelineEntry.count();
    const documents = await db.searchDocument.count();
    console.log(`${label}: ${incidents} incidents, ${entries} entries, ${documents} search documents`);
    console.log(reused ? "  reused the previous run's database" : `  generate ${((generated - started) / 1000).toFixed(1)} s, import + index ${((imported - generated) / 1000).toFixed(1)} s`);

    const sample = await searchKnowledgeBase(db, { q: "内存泄漏" });
    console.log(`  "内存泄漏": ${sample.total} matches in ${sample.totalIncidents} incidents; "${BENCH_QUERIES.at(-1)}": ${(await searchKnowledgeBase(db, { q: BENCH_QUERIES.at(-1)! })).total} matches`);
    const search = await timeQueries("search (service, all facets)", ROUNDS, (q) => searchKnowledgeBase(db, { q }));
    const like = await timeQueries("LIKE scan (same answer)", LIKE_ROUNDS, (q) => likeQuery(db, config.provider, q));
    return { searchP95: percentile(search, 95), likeP95: percentile(like, 95) };
  } finally {
    await db.$disconnect();
  }
}

async function postgresUrl(): Promise<string | null> {
  if (process.env.BENCH_PG === "skip") return null;
  if (process.env.BENCH_PG_URL) return process.env.BENCH_PG_URL;
  try {
    const out = execFileSync(process.execPath, [path.join(import.meta.dirname, "..", "scripts", "postgres.mjs"), "start", "--json"], { encoding: "utf8" });
    return (JSON.parse(out) as { url: string }).url;
  } catch (error) {
    console.log(`PostgreSQL not available (${(error as Error).message.split("\n")[0]}); set BENCH_PG_URL or BENCH_PG=skip`);
    return null;
  }
}

const dir = REUSE ? path.join(import.meta.dirname, "..", ".tmp", "bench-search") : fs.mkdtempSync(path.join(os.tmpdir(), "casebook-bench-search-"));
fs.mkdirSync(dir, { recursive: true });
try {
  const sqlite = await benchDatabase(resolveDatabaseConfig({ DATABASE_URL: `file:${path.join(dir, "bench.db")}` }), "SQLite");
  const ratio = sqlite.likeP95 / sqlite.searchP95;
  console.log(`  SQLite: search p95 ${ms(sqlite.searchP95)} (target ≤ ${TARGET_P95_MS} ms) → ${sqlite.searchP95 <= TARGET_P95_MS ? "met" : "MISSED"}`);
  console.log(`  SQLite: LIKE p95 ${ms(sqlite.likeP95)}, ratio ${ratio.toFixed(1)}× (target ≥ ${TARGET_RATIO}×) → ${ratio >= TARGET_RATIO ? "met" : "MISSED"}`);

  const adminUrl = await postgresUrl();
  if (adminUrl) {
    const name = REUSE ? "casebook_bench_search" : `casebook_bench_search_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount;
    if (!REUSE) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    if (!REUSE || !exists) await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const postgres = await benchDatabase(resolveDatabaseConfig({ DATABASE_URL: url.toString() }), "PostgreSQL");
      console.log(`  PostgreSQL: search p95 ${ms(postgres.searchP95)}, LIKE (ILIKE) p95 ${ms(postgres.likeP95)}, ratio ${(postgres.likeP95 / postgres.searchP95).toFixed(1)}×`);
    } finally {
      if (!REUSE) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  }
} finally {
  if (!REUSE) fs.rmSync(dir, { recursive: true, force: true });
}
