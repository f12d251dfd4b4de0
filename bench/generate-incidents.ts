import { portableIncident, type PortableIncident } from "../lib/content/portable";
import { ENTRY_KINDS } from "../lib/domain";

const WORDS = ["memory", "leak", "slot", "migration", "replica", "failover", "dump", "allocator", "jemalloc", "eviction", "内存", "泄漏", "迁移", "排查"];

function sentence(seed: number, length: number): string {
  return Array.from({ length }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(" ");
}

/** A synthetic incident with `entryCount` entries over several days, hypotheses with evidence links. */
export function generateIncident(index: number, entryCount: number): PortableIncident {
  const start = Date.UTC(2024, 0, 1) + index * 86_400_000;
  const entries = Array.from({ length: entryCount }, (_, i) => {
    const kind = i % 5 === 1 ? "hypothesis" : i % 5 === 2 ? "evidence" : ENTRY_KINDS[(i * 3) % ENTRY_KINDS.length] === "hypothesis" ? "note" : ENTRY_KINDS[(i * 3) % ENTRY_KINDS.length];
    return {
      key: `e${i + 1}`,
      at: new Date(start + i * 17 * 60_000).toISOString(),
      kind,
      title: `${kind} ${i + 1}: ${sentence(index + i, 6)}`,
      body: `${sentence(i, 30)}\n\n- item one\n- item two\n\n\`\`\`\nredis-cli info memory\n\`\`\``,
      author: "bench",
      statusOverride: null,
      statusReason: "",
    };
  });
  const links = entries
    .filter((entry) => entry.kind === "evidence")
    .map((entry) => {
      const n = Number(entry.key.slice(1));
      return { from: entry.key, to: `e${n - 1}`, type: n % 3 === 0 ? "refutes" : "supports", note: "generated" };
    })
    .filter((link) => entries.find((entry) => entry.key === link.to)?.kind === "hypothesis");
  return portableIncident({
    slug: `bench-incident-${index}`,
    title: `Benchmark incident ${index}: ${sentence(index, 5)}`,
    status: "resolved",
    severity: "sev3",
    services: [`service-${index % 7}`],
    tags: ["bench", `tag-${index % 5}`],
    timezone: "UTC",
    detectedAt: new Date(start).toISOString(),
    facts: { system: "redis", version: "3.2.8" },
    summary: sentence(index, 40),
    entries,
    links,
  });
}
