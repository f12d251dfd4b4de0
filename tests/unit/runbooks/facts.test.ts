import { describe, expect, it } from "vitest";
import { normalizeFacts } from "@/lib/runbooks/facts";

describe("normalizeFacts", () => {
  it("reads facts the way responders write them", () => {
    const { facts, warnings } = normalizeFacts({
      system: "Redis",
      role: "master",
      allocator: "jemalloc-4.0.3",
      allocatorProfiling: "no",
      cluster: "yes",
      events: "Slot migration, failover, BGREWRITEAOF",
      symptoms: ["Step growth"],
      version: 3.2,
      port: 6379,
    });
    expect(facts.text).toMatchObject({ system: "redis", role: "primary", allocator: "jemalloc", allocatorVersion: "4.0.3", allocatorProfiling: "false", cluster: "true", version: "3.2", port: "6379" });
    expect(facts.values.events).toEqual({ kind: "list", value: ["slot-migration", "failover", "aof-rewrite"] });
    expect(facts.values.symptoms).toEqual({ kind: "list", value: ["step-growth"] });
    expect(warnings).toContain('allocator "jemalloc-4.0.3" read as allocator jemalloc, allocatorVersion 4.0.3');
  });

  it("ignores unknown facts with a visible warning, suggesting near misses", () => {
    const { facts, warnings } = normalizeFacts({ system: "redis", Version: "7.0", datesNote: "…", usedMemoryMB: 800 });
    expect(facts.values.version).toBeUndefined();
    expect(warnings).toContain('fact "Version" ignored: did you mean "version"? (names are case-sensitive)');
    expect(warnings).toContain("2 facts not used by the runbook generator and ignored: datesNote, usedMemoryMB");
  });

  it("warns about values it cannot use instead of guessing", () => {
    const { facts, warnings } = normalizeFacts({ version: "4ce35dea", cluster: "maybe", role: ["primary"], events: ["slot-migration", "meteor-strike"], os: "linux" });
    expect(facts.values.version).toEqual({ kind: "version", value: null, text: "4ce35dea" });
    expect(facts.values.cluster).toBeUndefined();
    expect(facts.values.role).toBeUndefined();
    expect(warnings).toEqual(
      expect.arrayContaining([
        'version "4ce35dea" is not a version number; conditions on version are treated as unknown',
        'fact "cluster" ignored: "maybe" is not true or false',
        'fact "role" ignored: expected one value, got a list',
        expect.stringContaining('events "meteor-strike" not known to the step library'),
      ]),
    );
    expect(warnings.some((warning) => warning.includes("assumed linux"))).toBe(false);
  });

  it("assumes linux when os is missing, and says so", () => {
    const { facts, warnings } = normalizeFacts({});
    expect(facts.text.os).toBe("linux");
    expect(warnings).toEqual(["os not recorded; assumed linux"]);
  });
});
