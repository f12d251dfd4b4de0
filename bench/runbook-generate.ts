/**
 * Runbook generator benchmark: the full memory-leak step library and 1,000 past incidents with varied
 * facts (systems, versions, allocators, events, symptoms, tags, confirmed causes) → one runbook.
 * Target: 50 ms per generation (median of 15 runs after 3 warm-up runs). The library is parsed once,
 * as the app does; its parse time is printed for information.
 * Run: npx tsx bench/runbook-generate.ts
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateRunbook } from "../lib/runbooks/generate";
import { readStepLibrary } from "../lib/runbooks/load";
import type { PastIncident } from "../lib/runbooks/similarity";

const TARGET_MS = 50;
const INCIDENTS = 1_000;
const RUNS = 15;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const SYSTEMS = ["redis", "redis", "redis", "nginx", "ingest-daemon"];
const VERSIONS = ["3.2.8", "3.2.12", "4.0.14", "5.0.7", "6.2.6", "7.0.15", "7.2.4"];
const ALLOCATORS = ["jemalloc", "glibc", "tcmalloc"];
const EVENTS = ["slot-migration", "failover", "aof-rewrite", "bgsave", "full-sync", "eviction", "restart", "deploy", "config-change"];
const SYMPTOMS = ["step-growth", "slope-growth", "primary-replica-difference", "used-memory-high-few-keys", "rss-above-used-memory"];
const TAGS = ["memory-leak", "redis", "cluster", "backport", "jemalloc", "fragmentation", "client-buffers", "replication"];

/** Deterministic pick of `count` items, so every run benchmarks the same history. */
function pick<T>(items: T[], seed: number, count: number): T[] {
  return Array.from({ length: count }, (_, i) => items[(seed * 7 + i * 13) % items.length]);
}

function history(): PastIncident[] {
  return Array.from({ length: INCIDENTS }, (_, i) => ({
    slug: `incident-${i}`,
    title: `Past incident ${i}`,
    facts: {
      system: SYSTEMS[i % SYSTEMS.length],
      version: VERSIONS[i % VERSIONS.length],
      allocator: ALLOCATORS[i % ALLOCATORS.length],
      allocatorProfiling: i % 4 === 0,
      cluster: i % 2 === 0,
      role: i % 3 === 0 ? "replica" : "primary",
      events: pick(EVENTS, i, 1 + (i % 3)),
      symptoms: pick(SYMPTOMS, i, 1 + (i % 2)),
      usedMemoryMB: 100 + i,
    },
    tags: pick(TAGS, i, 2 + (i % 3)),
    rootCause: i % 5 === 0 ? "" : `Root cause ${i}: a caller never released what a changed function allocated.\n\nDetails follow.`,
    confirmedHypotheses: i % 7 === 0 ? [{ title: `Hypothesis ${i}`, reason: "Confirmed by “valgrind report”" }] : [],
  }));
}

async function main() {
  const parseStart = performance.now();
  const library = await readStepLibrary(path.join(ROOT, "content/runbooks/memory-leak"));
  const parseMs = performance.now() - parseStart;
  const pastIncidents = history();
  const facts = {
    system: "redis", version: "3.2.8", allocator: "jemalloc", allocatorVersion: "4.0.3", allocatorProfiling: false, cluster: true, role: "primary",
    events: ["slot-migration", "failover", "aof-rewrite", "eviction"], symptoms: ["step-growth", "primary-replica-difference"], host: "10.0.0.5", port: 6379,
  };
  const input = { facts, tags: ["memory-leak", "redis", "slot-migration"], pastIncidents };

  for (let i = 0; i < 3; i++) generateRunbook(library, input);
  const timings: number[] = [];
  let result = generateRunbook(library, input);
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = generateRunbook(library, input);
    timings.push(performance.now() - start);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[RUNS >> 1];
  console.log(`library: ${library.steps.length} steps, ${library.tools.length} tools (parsed once in ${parseMs.toFixed(1)} ms, informational)`);
  console.log(`history: ${pastIncidents.length} past incidents → runbook with ${result.steps.length} steps, ${result.excluded.length} excluded, ${result.candidates.length} candidates`);
  console.log(`generate: min ${sorted[0].toFixed(2)} ms, median ${median.toFixed(2)} ms, max ${sorted[RUNS - 1].toFixed(2)} ms vs target ${TARGET_MS} ms — ${median <= TARGET_MS ? "OK" : "TOO SLOW"}`);
  if (median > TARGET_MS || result.candidates.length === 0) process.exitCode = 1;
}

await main();
