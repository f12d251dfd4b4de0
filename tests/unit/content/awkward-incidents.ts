import type { PortableIncidentInput } from "@/lib/content/portable";
import { ENTRY_KINDS, type EntryKind } from "@/lib/domain";

/**
 * Body fragments chosen to break a naive parser: headings, lists, code fences holding marker-like
 * lines, Chinese, trailing spaces, blank runs, YAML-looking separators, HTML comments.
 */
export const AWKWARD_FRAGMENTS = [
  "# A top-level heading inside a body",
  "#### 16:30 · _Observation_ · looks like an entry heading",
  "## Timeline",
  "- list item\n  - nested item\n1. numbered",
  "```\n<!-- /casebook:entry -->\n<!-- casebook:entry {\"key\":\"fake\",\"kind\":\"note\",\"at\":\"2020-01-01T00:00:00Z\"} -->\n```",
  "~~~text\n<!-- /casebook:entry:2 -->\n<!-- /casebook:lesson -->\n<!-- /casebook:summary -->\n~~~",
  "```\nunclosed fence that swallows everything on GitHub",
  "内存泄漏排查：主实例 800MB，从实例 10MB。",
  "trailing spaces   ",
  "\t tab-indented line",
  "",
  "\n\n",
  "---",
  "<!-- an ordinary HTML comment -->",
  "<!-- casebook:link {\"from\":\"a\",\"to\":\"b\",\"type\":\"supports\"} -->",
  "| table | with | pipes |\n|---|---|---|\n| a | b | c |",
  "> quote with `code` and **bold** and <b>html</b>",
  "line with \\ backslash and \"quotes\" and 'apostrophes'",
];

/** Small deterministic generator (mulberry32) so failures reproduce. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function awkwardBody(next: () => number): string {
  const count = Math.floor(next() * 5);
  const parts = Array.from({ length: count }, () => AWKWARD_FRAGMENTS[Math.floor(next() * AWKWARD_FRAGMENTS.length)]);
  const separator = next() < 0.5 ? "\n" : "\n\n";
  const tail = ["", "\n", "\n\n", "  "][Math.floor(next() * 4)];
  return parts.join(separator) + tail;
}

const TITLES = [
  "Alert after scale-in: memory at 90 %",
  "泄漏的内存为 SDS 字符串",
  "Quote \" bracket ] brace } pipe | hash # star * lt < gt >",
  "`getKeysInSlot` returns owned objects",
  "%%{init: {\"securityLevel\":\"loose\"}}%% click x call alert(1)",
  "Title ending with hashes ##",
  "12:00 · title that starts with a time label",
];

/** An incident whose every text field is awkward, with entries spread over several days and zones. */
export function awkwardIncident(seed: number): PortableIncidentInput {
  const next = random(seed);
  const zones = ["Asia/Shanghai", "America/Los_Angeles", "UTC", "Europe/Berlin", "Asia/Kolkata"];
  const timezone = zones[seed % zones.length];
  const start = Date.UTC(2024, 2, 30, 20, 0, 0);
  const entryCount = 3 + Math.floor(next() * 8);
  const kinds: EntryKind[] = ["hypothesis", "evidence", ...ENTRY_KINDS];
  const entries = Array.from({ length: entryCount }, (_, i) => ({
    key: `entry-${i + 1}`,
    // Offsets other than the incident's: the canonical form must convert them.
    at: new Date(start + Math.floor(next() * 72) * 3_600_000 + i * 60_000).toISOString().replace(".000Z", "+00:00"),
    kind: kinds[i % kinds.length],
    title: `${TITLES[Math.floor(next() * TITLES.length)]} ${i + 1}`,
    body: awkwardBody(next),
    author: next() < 0.5 ? "KV team" : "",
    // Marker syntax in text that generated lines (the hypotheses table) repeat.
    ...(i === 0 ? { statusOverride: "weakened" as const, statusReason: "see <!-- casebook:entry {} --> and `<!-- /casebook:entry -->`" } : {}),
  }));
  return {
    slug: `awkward-${seed}`,
    title: `Awkward incident ${seed}: ${TITLES[seed % TITLES.length]}`,
    titleOriginal: "线上问题排查实例分析|关于 Redis 内存泄漏",
    originalLanguage: "zh",
    status: "resolved",
    severity: "sev2",
    services: ["redis-cluster", "kv: store"],
    tags: ["memory-leak", "yes", "null", "123"],
    timezone,
    startedAt: new Date(start).toISOString(),
    detectedAt: null,
    resolvedAt: null,
    facts: {
      version: "3.2.8",
      looksNumeric: "4.0",
      looksBoolean: "true",
      multiline: "first line\n---\nlast line\n",
      padded: "  padded  ",
      count: 6470000,
      ratio: 0.125,
      profiling: false,
      events: ["slot-migration", "- dash", "#hash"],
    },
    summary: awkwardBody(next),
    summaryOriginal: "内存泄漏\n\n```\n<!-- /casebook:summary-original -->\n```",
    impact: awkwardBody(next),
    rootCause: awkwardBody(next),
    contributingFactors: ["one line", "first\n\n  indented code\n- list\nlast", "- starts with a dash"],
    entries,
    links: [
      { from: "entry-2", to: "entry-1", type: "refutes", note: "why --> with <!-- comment and \"quotes\"" },
      { from: "entry-3", to: "entry-1", type: "supports", note: "<!-- casebook:link {} --> <!-- /casebook:entry" },
    ],
    actionItems: [
      { key: "fix", title: "Fix | it <now>", type: "corrective", status: "done", owner: "KV team", dueDate: "2024-04-30", externalLink: "https://example.com/a?b=c(d)" },
      { key: "watch", title: "Watch it", type: "detective", status: "open" },
    ],
    lessons: [{ slug: `lesson-${seed}`, title: "Keep allocation and release together", tags: ["memory"], body: awkwardBody(next) }],
    attachments: [],
  };
}
