/**
 * The facts the runbook generator understands, and their normalisation: incident facts are free-form
 * (the form stores text, numbers, yes/no and comma lists), so `Master`, `slave`, `jemalloc-4.0.3`,
 * `"yes"` and `"slot migration, failover"` are read the way a responder means them. Facts outside the
 * vocabulary are ignored with a warning rather than silently.
 */
import type { Version } from "../analyzers/backports/versions";
import type { FactValue, Facts } from "../domain/incident";
import { parseLooseVersion } from "./versions";

export type FactKind = "text" | "version" | "boolean" | "list";

export interface FactDefinition {
  kind: FactKind;
  description: string;
  /** May appear as `{{name}}` in a command. */
  placeholder?: boolean;
  /** Values the step library knows (lists and choices); others are kept but only count for similarity. */
  values?: readonly string[];
}

export const KNOWN_EVENTS = [
  "slot-migration",
  "failover",
  "aof-rewrite",
  "bgsave",
  "full-sync",
  "eviction",
  "restart",
  "deploy",
  "config-change",
  "traffic-spike",
] as const;

export const KNOWN_SYMPTOMS = [
  "step-growth",
  "slope-growth",
  "primary-replica-difference",
  "peer-difference",
  "used-memory-high-few-keys",
  "rss-above-used-memory",
  "oom-killed",
] as const;

export const FACT_VOCABULARY = {
  system: { kind: "text", description: "what leaks: redis, or the name of another C/C++ service", values: ["redis"] },
  version: { kind: "version", description: "version of the system, e.g. 3.2.8", placeholder: true },
  fork: { kind: "text", description: "set when the build carries in-house changes (a description is enough)" },
  forkRef: { kind: "text", description: "git ref of the fork's code, for backport and diff checks", placeholder: true },
  allocator: { kind: "text", description: "jemalloc, glibc, tcmalloc or mimalloc (INFO memory: mem_allocator)", values: ["jemalloc", "glibc", "tcmalloc", "mimalloc"] },
  allocatorVersion: { kind: "version", description: "allocator version, e.g. 4.0.3", placeholder: true },
  allocatorProfiling: { kind: "boolean", description: "jemalloc built with --enable-prof (heap profiles possible)" },
  events: { kind: "list", description: "what happened around the growth", values: KNOWN_EVENTS },
  symptoms: { kind: "list", description: "what the memory graph and the nodes show", values: KNOWN_SYMPTOMS },
  cluster: { kind: "boolean", description: "Redis Cluster mode (hash slots)" },
  role: { kind: "text", description: "role of the leaking node: primary or replica", values: ["primary", "replica"] },
  os: { kind: "text", description: "operating system (linux unless told otherwise)", values: ["linux"] },
  kernel: { kind: "version", description: "kernel release (uname -r), for eBPF tools", placeholder: true },
  container: { kind: "boolean", description: "runs in a container (ptrace and eBPF need extra capabilities)" },
  reproducible: { kind: "boolean", description: "the leak can be reproduced outside production" },
  host: { kind: "text", description: "host of the leaking process", placeholder: true },
  port: { kind: "text", description: "port of the leaking Redis node", placeholder: true },
  pid: { kind: "text", description: "process id of the leaking process", placeholder: true },
  binary: { kind: "text", description: "path of the server binary (readlink /proc/PID/exe)", placeholder: true },
  replicaHost: { kind: "text", description: "host of its replica or of a healthy peer", placeholder: true },
  replicaPort: { kind: "text", description: "port of its replica or of a healthy peer", placeholder: true },
  keyCount: { kind: "text", description: "keys the node holds (DBSIZE)", placeholder: true },
  repo: { kind: "text", description: "local clone of the upstream repository", placeholder: true },
} as const satisfies Record<string, FactDefinition>;

export type FactName = keyof typeof FACT_VOCABULARY;
export const FACT_NAMES = Object.keys(FACT_VOCABULARY) as FactName[];

export function isFactName(name: string): name is FactName {
  return Object.hasOwn(FACT_VOCABULARY, name);
}

export type NormalizedValue =
  | { kind: "text"; value: string }
  | { kind: "version"; value: Version | null; text: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "list"; value: string[] };

export interface TriageFacts {
  values: Partial<Record<FactName, NormalizedValue>>;
  /** How each known fact reads in a command or a sentence. */
  text: Partial<Record<FactName, string>>;
}

export interface NormalizedFacts {
  facts: TriageFacts;
  warnings: string[];
}

const TEXT_ALIASES: Partial<Record<FactName, Record<string, string>>> = {
  system: { "redis-server": "redis", "redis-cluster": "redis" },
  allocator: { libc: "glibc", "ptmalloc": "glibc", "ptmalloc2": "glibc" },
  role: { master: "primary", slave: "replica", secondary: "replica" },
  os: { "gnu/linux": "linux" },
};

const LIST_ALIASES: Record<string, string> = {
  "slot-migrations": "slot-migration",
  resharding: "slot-migration",
  "scale-out": "slot-migration",
  "key-migration": "slot-migration",
  "manual-failover": "failover",
  "bgrewriteaof": "aof-rewrite",
  "aof-rewriting": "aof-rewrite",
  evictions: "eviction",
  "key-eviction": "eviction",
  "full-resync": "full-sync",
  reboot: "restart",
  release: "deploy",
  "step-change": "step-growth",
  "slope": "slope-growth",
  "steady-growth": "slope-growth",
  fragmentation: "rss-above-used-memory",
};

/** Vocabulary names by their loose spelling, to suggest `version` for `Version` or `allocator_profiling`. */
const LOOSE_NAMES = new Map(FACT_NAMES.map((name) => [looseName(name), name]));
function looseName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, "");
}

const slugWord = (text: string) => text.trim().toLowerCase().replace(/[\s_]+/g, "-");

function readBoolean(value: FactValue): boolean | null {
  if (typeof value === "boolean") return value;
  const text = String(value).trim().toLowerCase();
  if (["true", "yes", "y", "1", "on"].includes(text)) return true;
  if (["false", "no", "n", "0", "off"].includes(text)) return false;
  return null;
}

function readList(value: FactValue): string[] {
  const items = Array.isArray(value) ? value : String(value).split(",");
  return [...new Set(items.map(slugWord).filter(Boolean).map((item) => LIST_ALIASES[item] ?? item))];
}

/** Normalises incident facts; every fact that is ignored or re-read is named in `warnings`. */
export function normalizeFacts(raw: Facts): NormalizedFacts {
  const values: TriageFacts["values"] = {};
  const text: TriageFacts["text"] = {};
  const warnings: string[] = [];
  const ignored: string[] = [];

  for (const [name, value] of Object.entries(raw)) {
    if (!isFactName(name)) {
      const near = LOOSE_NAMES.get(looseName(name));
      if (near) warnings.push(`fact "${name}" ignored: did you mean "${near}"? (names are case-sensitive)`);
      else ignored.push(name);
      continue;
    }
    const definition: FactDefinition = FACT_VOCABULARY[name];
    if (definition.kind === "boolean") {
      const flag = readBoolean(value);
      if (flag === null) warnings.push(`fact "${name}" ignored: "${String(value)}" is not true or false`);
      else {
        values[name] = { kind: "boolean", value: flag };
        text[name] = String(flag);
      }
    } else if (definition.kind === "list") {
      const items = readList(value);
      values[name] = { kind: "list", value: items };
      text[name] = items.join(", ");
      const unknown = items.filter((item) => !definition.values?.includes(item));
      if (unknown.length) {
        warnings.push(`${name} ${unknown.map((item) => `"${item}"`).join(", ")} not known to the step library (known: ${definition.values?.join(", ")}); kept for matching past incidents`);
      }
    } else if (Array.isArray(value)) {
      warnings.push(`fact "${name}" ignored: expected one value, got a list`);
    } else if (definition.kind === "version") {
      const versionText = String(value).trim();
      const version = parseLooseVersion(versionText);
      if (!version) warnings.push(`${name} "${versionText}" is not a version number; conditions on ${name} are treated as unknown`);
      values[name] = { kind: "version", value: version, text: versionText };
      text[name] = versionText;
    } else {
      const plain = String(value).trim();
      const lower = plain.toLowerCase();
      // Choices are compared in lower case; names, hosts and paths keep their spelling.
      const normalized = definition.values ? (TEXT_ALIASES[name]?.[lower] ?? lower) : plain;
      values[name] = { kind: "text", value: normalized };
      text[name] = normalized;
    }
  }
  splitAllocatorVersion(values, text, warnings);
  // Every step's commands are Linux commands (/proc, pmap, gcore); say so rather than flag each tool.
  if (!values.os) {
    values.os = { kind: "text", value: "linux" };
    text.os = "linux";
    warnings.push("os not recorded; assumed linux");
  }
  if (ignored.length) {
    warnings.push(`${ignored.length} fact${ignored.length === 1 ? "" : "s"} not used by the runbook generator and ignored: ${ignored.sort().join(", ")}`);
  }
  return { facts: { values, text }, warnings };
}

/** INFO memory says `mem_allocator:jemalloc-4.0.3`; people paste that as the allocator. */
function splitAllocatorVersion(values: TriageFacts["values"], text: TriageFacts["text"], warnings: string[]) {
  const allocator = values.allocator;
  if (allocator?.kind !== "text") return;
  const match = /^([a-z]+)[-\s]+(\d[\w.-]*)$/.exec(allocator.value);
  if (!match) return;
  const name = TEXT_ALIASES.allocator?.[match[1]] ?? match[1];
  values.allocator = { kind: "text", value: name };
  text.allocator = name;
  if (!values.allocatorVersion) {
    values.allocatorVersion = { kind: "version", value: parseLooseVersion(match[2]), text: match[2] };
    text.allocatorVersion = match[2];
    warnings.push(`allocator "${match[0]}" read as allocator ${name}, allocatorVersion ${match[2]}`);
  }
}

/** A fact as a list (empty when not recorded), for matching. */
export function listFact(facts: TriageFacts, name: "events" | "symptoms"): string[] {
  const value = facts.values[name];
  return value?.kind === "list" ? value.value : [];
}
