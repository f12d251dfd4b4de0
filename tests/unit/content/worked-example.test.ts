import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assessSource, diagramSource } from "@/lib/diagrams/source";
import { parseIncidentFile } from "@/lib/content/parse";
import { groupByDay, localTimeLabel } from "@/lib/domain";

const FILE = path.resolve(__dirname, "../../../content/incidents/redis-slot-migration-leak.md");
const incident = parseIncidentFile(fs.readFileSync(FILE, "utf8"), FILE);
const assessments = assessSource(diagramSource(incident));
const hypothesis = (key: string) => {
  const assessment = assessments.get(key);
  if (!assessment) throw new Error(`no hypothesis ${key}`);
  return assessment;
};

describe("worked example: redis-slot-migration-leak", () => {
  it("identifies the incident and keeps the original Chinese title and summary", () => {
    expect(incident.slug).toBe("redis-slot-migration-leak");
    expect(incident.status).toBe("published");
    expect(incident.severity).toBe("sev2");
    expect(incident.timezone).toBe("Asia/Shanghai");
    expect(incident.titleOriginal).toBe("线上问题排查实例分析|关于 Redis 内存泄漏");
    expect(incident.originalLanguage).toBe("zh");
    expect(incident.summaryOriginal).toMatch(/内存泄漏/);
    expect(incident.tags).toEqual(expect.arrayContaining(["memory-leak", "redis", "slot-migration", "backport", "jemalloc"]));
  });

  it("carries the facts the runbook generator reads", () => {
    expect(incident.facts).toMatchObject({
      system: "redis",
      version: "3.2.8",
      allocator: "jemalloc",
      allocatorVersion: "4.0.3",
      allocatorProfiling: false,
      cluster: true,
      role: "primary",
      events: ["slot-migration", "failover", "aof-rewrite", "eviction"],
      symptoms: ["step-growth", "primary-replica-difference", "used-memory-high-few-keys"],
      keyCount: 16000,
      keyCountReported: 10000,
      leakedStrings: 6470000,
    });
    expect(incident.facts.datesNote).toMatch(/nominal/);
    expect(incident.facts.datesNote).toMatch(/2019-12-19/);
  });

  it("has every moment of the seed's two days, in time order", () => {
    expect(incident.entries.length).toBeGreaterThanOrEqual(14);
    const days = groupByDay(incident.entries, incident.timezone);
    expect(days.map((day) => [day.dayNumber, day.date])).toEqual([
      [1, "2019-12-19"],
      [2, "2019-12-20"],
    ]);
    const times = (day: number) => [...new Set(days[day].items.map((entry) => localTimeLabel(entry.at, incident.timezone)))];
    // The seed writes 18:00 after 18:10; the timeline sorts by time.
    expect(times(0)).toEqual(["16:30", "16:40", "17:30", "18:00", "18:10", "18:30", "20:30", "22:00"]);
    expect(times(1)).toEqual(["10:00", "14:00", "17:00", "18:30", "20:00"]);
    const instants = incident.entries.map((entry) => Date.parse(entry.at));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it("refutes the rax hypothesis with the SDS header read from the dump", () => {
    const rax = hypothesis("hyp-rax-leak");
    expect(rax.status).toBe("refuted");
    expect(rax.overridden).toBe(false);
    expect(rax.reason).toMatch(/SDS header 54 54 01/);
    expect(rax.reason).toMatch(/len = alloc = 84/);
  });

  it("confirms slot migration through getKeysInSlot, and rules out the other suspects", () => {
    const slot = hypothesis("hyp-slot-migration");
    expect(slot.status).toBe("confirmed");
    expect(slot.confirming.map((ref) => ref.entryKey)).toEqual(["root-cause-getkeysinslot"]);
    expect(slot.reason).toMatch(/getKeysInSlot/);
    expect(hypothesis("hyp-upstream-bug").status).toBe("refuted");
    expect(hypothesis("hyp-upstream-bug").reason).toMatch(/clusterRedirectBlockedClientIfNeeded/);
    expect(hypothesis("hyp-multi-active").status).toBe("refuted");
    const failover = hypothesis("hyp-failover-eviction");
    expect([failover.status, failover.derivedStatus, failover.overridden]).toEqual(["refuted", "weakened", true]);
  });

  it("has a root cause, a one-line fix, contributing factors, lessons and follow-ups of each type", () => {
    const rootCause = incident.entries.find((entry) => entry.kind === "root-cause");
    const fix = incident.entries.find((entry) => entry.kind === "fix");
    expect(rootCause?.body).toMatch(/getKeysInSlot/);
    expect(fix?.body).toMatch(/decrRefCount\(keys\[j\]\)/);
    expect(incident.rootCause).toMatch(/borrowed/);
    expect(incident.contributingFactors.length).toBeGreaterThanOrEqual(4);
    expect(incident.lessons.map((lesson) => lesson.slug)).toEqual(
      expect.arrayContaining(["allocation-release-cohesion", "review-by-feature-not-only-diff", "backport-with-callers-contract", "dynamic-and-online-leak-tools"]),
    );
    expect(new Set(incident.actionItems.map((item) => item.type))).toEqual(new Set(["detective", "preventive", "corrective"]));
    expect(incident.actionItems.every((item) => item.owner !== "")).toBe(true);
  });

  it("mentions the seed's screenshots in bodies instead of attaching files it does not have", () => {
    expect(incident.attachments).toEqual([]);
    expect(incident.entries.filter((entry) => entry.body.includes("(screenshot in the original write-up)")).length).toBeGreaterThanOrEqual(2);
  });
});
