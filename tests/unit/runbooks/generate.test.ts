import { beforeAll, describe, expect, it } from "vitest";
import type { Facts } from "@/lib/domain/incident";
import { generateRunbook, type Runbook } from "@/lib/runbooks/generate";
import type { StepLibrary } from "@/lib/runbooks/step-schema";
import { realLibrary, workedExample } from "./support";

let library: StepLibrary;
beforeAll(async () => {
  library = await realLibrary();
});

const ids = (runbook: Runbook) => runbook.steps.map((step) => step.id);
const step = (runbook: Runbook, id: string) => {
  const found = runbook.steps.find((item) => item.id === id);
  if (!found) throw new Error(`step ${id} is not in the runbook: ${ids(runbook).join(", ")}`);
  return found;
};
const excludedReason = (runbook: Runbook, id: string) => runbook.excluded.find((item) => item.id === id)?.reason;

describe("generateRunbook on the worked example's facts", () => {
  let runbook: Runbook;
  beforeAll(() => {
    runbook = generateRunbook(library, { facts: workedExample().facts });
  });

  it("includes the Redis 3.2 path in runbook order", () => {
    expect(ids(runbook)).toEqual([
      "confirm-leak-vs-data-growth",
      "fragmentation",
      "client-output-buffers",
      "replication-backlog",
      "aof-rewrite-buffer",
      "compare-primary-replica-peers",
      "rule-out-big-keys",
      "find-trigger-window",
      "check-upstream-backports",
      "tool-availability",
      "perf-allocation-probes",
      "bcc-memleak",
      "take-memory-dump",
      "decode-sds-strings",
      "check-slot-ownership",
      "strings-vs-structures",
      "diff-by-feature-and-ownership",
      "reproduce-under-valgrind-and-sanitizers",
      "verify-fix-in-production",
    ]);
  });

  it("leaves out MEMORY DOCTOR (3.2.8 < 4.0) and jeprof (no profiling), saying why", () => {
    expect(excludedReason(runbook, "memory-doctor")).toBe("MEMORY DOCTOR unavailable: 3.2.8 < 4.0");
    expect(excludedReason(runbook, "jemalloc-heap-profile")).toBe("jeprof unavailable: jemalloc built without profiling (--enable-prof)");
    expect(excludedReason(runbook, "gather-basic-facts")).toBe("not applicable: system, version and allocator already recorded");
    expect(excludedReason(runbook, "process-memory-map")).toContain("system is redis");
    expect(runbook.tools.find((tool) => tool.id === "memory-doctor")).toMatchObject({ status: "unavailable", reason: "3.2.8 < 4.0" });
    expect(runbook.tools.find((tool) => tool.id === "valgrind")).toMatchObject({ status: "unknown", reason: "reproducible not recorded" });
  });

  it("includes the slot-ownership step because of cluster mode and the slot migration", () => {
    expect(step(runbook, "check-slot-ownership").why).toBe("Included because system is redis, cluster is true and events include slot-migration and failover.");
  });

  it("drops commands whose tool is unavailable and keeps the rest of the step", () => {
    const confirm = step(runbook, "confirm-leak-vs-data-growth");
    expect(confirm.commands.map((command) => command.id)).toEqual(["info-memory", "sample-key-encodings"]);
    expect(confirm.skippedCommands).toEqual([
      { id: "memory-stats", label: "Overhead by category and bytes per key", reason: "MEMORY STATS / MEMORY USAGE unavailable: 3.2.8 < 4.0" },
      { id: "sample-key-sizes", label: "Real size of a random sample of keys", reason: "MEMORY STATS / MEMORY USAGE unavailable: 3.2.8 < 4.0" },
    ]);
  });

  it("routes branches around excluded steps and says so", () => {
    const unexplained = step(runbook, "confirm-leak-vs-data-growth").outcomes.find((outcome) => outcome.id === "unexplained-used-memory");
    expect(unexplained).toMatchObject({ next: "client-output-buffers", redirect: expect.stringContaining('"memory-doctor" is skipped (MEMORY DOCTOR unavailable: 3.2.8 < 4.0)') });
    const profiling = step(runbook, "tool-availability").outcomes.find((outcome) => outcome.id === "heap-profiling");
    expect(profiling).toMatchObject({ next: "perf-allocation-probes", redirect: expect.stringContaining("jeprof unavailable") });
    const dataGrowth = step(runbook, "confirm-leak-vs-data-growth").outcomes.find((outcome) => outcome.id === "data-growth");
    expect(dataGrowth).toMatchObject({ next: null, records: "decision", hypothesis: { key: "memory-leak", link: "refutes" } });
    expect(dataGrowth?.redirect).toBeUndefined();
  });

  it("flags tools it cannot settle from the facts, with the command that settles them", () => {
    expect(step(runbook, "perf-allocation-probes").checkFirst).toEqual(["perf (syscall tracing and uprobes): kernel not recorded — check with `uname -sr; command -v perf`"]);
  });

  it("warns about the facts it ignored", () => {
    expect(runbook.warnings).toContain(
      "9 facts not used by the runbook generator and ignored: datesNote, keyCountReported, leakTriggeredAround, leakedKeyLength, leakedStrings, monitoringRetentionDays, redisCreatedOn, usedMemoryPrimaryMB, usedMemoryReplicaMB",
    );
    expect(runbook.warnings.some((warning) => warning.startsWith("no outcome leads to"))).toBe(false);
  });

  it("is deterministic", () => {
    expect(generateRunbook(library, { facts: workedExample().facts })).toEqual(runbook);
  });
});

describe("the step library's branches", () => {
  it.each([
    ["nothing recorded", {}],
    ["a C/C++ service", { system: "ingest-daemon", version: "1.4", allocator: "glibc", kernel: "5.10" }],
    ["Redis 3.2 cluster", { system: "redis", version: "3.2.8", allocator: "jemalloc", cluster: true, events: ["slot-migration"] }],
    ["Redis 7 with every tool", { system: "redis", version: "7.0.15", allocator: "jemalloc", allocatorProfiling: true, cluster: true, kernel: "6.1", reproducible: true }],
    ["Redis 6.2 on glibc, old kernel", { system: "redis", version: "6.2.6", allocator: "libc", cluster: false, kernel: "3.10" }],
  ])("reach every included step from the first for %s", (_, facts: Facts) => {
    const runbook = generateRunbook(library, { facts });
    expect(runbook.steps.length).toBeGreaterThan(8);
    expect(runbook.warnings.filter((warning) => warning.startsWith("no outcome leads to"))).toEqual([]);
  });
});

describe("generateRunbook on other facts", () => {
  const redis = (extra: Facts): Facts => ({ system: "redis", allocator: "jemalloc", ...extra });

  it("offers MEMORY DOCTOR and jeprof on a 7.0 build with profiling, and drops the AOF rewrite buffer", () => {
    const runbook = generateRunbook(library, { facts: redis({ version: "7.0.15", allocatorProfiling: true, cluster: false }) });
    expect(ids(runbook)).toEqual(expect.arrayContaining(["memory-doctor", "jemalloc-heap-profile"]));
    expect(step(runbook, "memory-doctor").why).toBe("Included because system is redis and MEMORY DOCTOR is available (system is redis and 7.0.15 >= 4.0).");
    expect(excludedReason(runbook, "aof-rewrite-buffer")).toBe("not applicable: 7.0.15 >= 7.0");
    expect(excludedReason(runbook, "check-slot-ownership")).toBe("not applicable: cluster is false");
    const unexplained = step(runbook, "confirm-leak-vs-data-growth").outcomes.find((outcome) => outcome.id === "unexplained-used-memory");
    expect(unexplained).toEqual(expect.objectContaining({ next: "memory-doctor" }));
    expect(unexplained?.redirect).toBeUndefined();
  });

  it("keeps a step whose fact is unknown, flagged as an assumption", () => {
    const noEvents = generateRunbook(library, { facts: redis({ version: "3.2.8", cluster: true }) });
    expect(step(noEvents, "check-slot-ownership").checkFirst).toEqual(["events not recorded — this step assumes it holds"]);
    const otherEvents = generateRunbook(library, { facts: redis({ version: "3.2.8", cluster: true, events: ["deploy"] }) });
    expect(excludedReason(otherEvents, "check-slot-ownership")).toBe("not applicable: events (deploy) include none of slot-migration or failover");
  });

  it("fills placeholders from facts, quotes what is not a plain word, and leaves missing ones visible", () => {
    const runbook = generateRunbook(library, { facts: redis({ version: "3.2.8", host: "10.0.0.5", port: 6379, pid: "4242; rm -rf /" }) });
    const info = step(runbook, "confirm-leak-vs-data-growth").commands[0];
    expect(info.run).toContain("redis-cli -h 10.0.0.5 -p 6379 INFO memory");
    expect(info.missing).toEqual([]);
    const preflight = step(runbook, "take-memory-dump").commands.find((command) => command.id === "preflight")!;
    expect(preflight.run).toContain("/proc/'4242; rm -rf /'/status");
    const compare = step(runbook, "compare-primary-replica-peers").commands[0];
    expect(compare.run).toContain("for target in 10.0.0.5:6379 <replicaHost>:<replicaPort>; do");
    expect(compare.missing).toEqual(["replicaHost", "replicaPort"]);
    expect(compare.notes).toEqual([expect.stringContaining("Fill in <replicaHost> (host of its replica or of a healthy peer), <replicaPort>")]);
  });

  it("falls back to generic, process-level steps when the system is not recorded", () => {
    const runbook = generateRunbook(library, { facts: {} });
    expect(ids(runbook)[0]).toBe("gather-basic-facts");
    expect(ids(runbook)).toEqual(expect.arrayContaining(["confirm-leak-process", "process-memory-map", "allocator-stats-generic", "find-trigger-window", "take-memory-dump"]));
    expect(excludedReason(runbook, "confirm-leak-vs-data-growth")).toBe("not applicable: system not recorded (this is for redis)");
    expect(step(runbook, "confirm-leak-process").checkFirst).toEqual(["system not recorded — this step assumes it holds"]);
    expect(step(runbook, "gather-basic-facts").why).toBe("Included because system, version and allocator not recorded.");
    const unclear = step(runbook, "gather-basic-facts").outcomes.find((outcome) => outcome.id === "facts-unclear");
    expect(unclear).toMatchObject({ next: "confirm-leak-process" });
  });

  it("uses the C/C++ service steps for another system", () => {
    const runbook = generateRunbook(library, { facts: { system: "ingest-daemon", version: "2.4.1", allocator: "glibc", reproducible: true } });
    expect(ids(runbook)).toEqual(expect.arrayContaining(["confirm-leak-process", "process-memory-map", "allocator-stats-generic", "heaptrack-attach", "inspect-dump-generic"]));
    expect(ids(runbook)).not.toContain("decode-sds-strings");
    expect(excludedReason(runbook, "fragmentation")).toBe("not applicable: system is ingest-daemon, not redis");
    expect(excludedReason(runbook, "jemalloc-heap-profile")).toBe("jeprof unavailable: the allocator is glibc, not jemalloc");
    const fix = step(runbook, "reproduce-under-valgrind-and-sanitizers");
    expect(fix.commands.map((command) => command.id)).toEqual(["replay", "valgrind", "sanitizers"]);
    expect(fix.skippedCommands).toEqual([]);
  });

  it("skips valgrind and the sanitizers without a reproduction, keeping the replay", () => {
    const runbook = generateRunbook(library, { facts: redis({ version: "6.2.6", reproducible: false }) });
    const fix = step(runbook, "reproduce-under-valgrind-and-sanitizers");
    expect(fix.commands.map((command) => command.id)).toEqual(["replay"]);
    expect(fix.skippedCommands.map((command) => command.reason)).toEqual([
      expect.stringMatching(/^valgrind memcheck unavailable: no reproduction yet/),
      expect.stringMatching(/^AddressSanitizer \/ LeakSanitizer unavailable: no reproduction yet/),
    ]);
  });
});
