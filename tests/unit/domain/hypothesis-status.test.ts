import { describe, expect, it } from "vitest";
import { assessHypotheses, deriveHypothesisStatus, type EntryLink, type TimelineEntry } from "@/lib/domain";

function entry(key: string, kind: TimelineEntry["kind"], at: string, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id: key, key, kind, at, title: `Title ${key}`, body: "", author: "", recordedAt: at, statusOverride: null,
    statusReason: "", version: 1, createdAt: at, updatedAt: at, ...extra,
  };
}
const link = (from: string, to: string, type: EntryLink["type"], note = ""): EntryLink => ({ id: `${from}-${to}-${type}`, from, to, type, note, createdAt: "" });

describe("deriveHypothesisStatus", () => {
  it.each([
    [{ supports: 0, refutes: 0, confirms: 0 }, "open"],
    [{ supports: 2, refutes: 0, confirms: 0 }, "supported"],
    [{ supports: 0, refutes: 1, confirms: 0 }, "refuted"],
    [{ supports: 1, refutes: 1, confirms: 0 }, "weakened"],
    [{ supports: 0, refutes: 0, confirms: 1 }, "confirmed"],
    [{ supports: 3, refutes: 0, confirms: 1 }, "confirmed"],
    [{ supports: 0, refutes: 1, confirms: 1 }, "weakened"],
  ] as const)("%o → %s", (counts, expected) => {
    expect(deriveHypothesisStatus(counts)).toBe(expected);
  });
});

describe("assessHypotheses", () => {
  const entries = [
    entry("rax-leak", "hypothesis", "2019-12-19T10:30:00.000Z"),
    entry("slot-migration", "hypothesis", "2019-12-19T10:00:00.000Z"),
    entry("hexdump-sds", "evidence", "2019-12-20T02:00:00.000Z"),
    entry("dump-foreign-keys", "evidence", "2019-12-19T10:00:00.000Z"),
    entry("root-cause", "root-cause", "2019-12-20T10:30:00.000Z"),
  ];
  const links = [
    link("hexdump-sds", "rax-leak", "refutes", "sdshdr8 strings, not rax nodes"),
    link("dump-foreign-keys", "slot-migration", "supports"),
    link("root-cause", "slot-migration", "confirms"),
  ];

  it("derives statuses with reasons naming the evidence", () => {
    const result = assessHypotheses(entries, links);
    const rax = result.get("rax-leak")!;
    expect(rax.status).toBe("refuted");
    expect(rax.reason).toBe("Refuted by “Title hexdump-sds” (sdshdr8 strings, not rax nodes)");
    expect(rax.refuting.map((ref) => ref.entryKey)).toEqual(["hexdump-sds"]);
    const slot = result.get("slot-migration")!;
    expect(slot.status).toBe("confirmed");
    expect(slot.supporting).toHaveLength(1);
    expect(slot.confirming).toHaveLength(1);
    expect(result.size).toBe(2);
  });

  it("lets an override win and keeps the stated reason", () => {
    const overridden = entries.map((item) =>
      item.key === "rax-leak" ? { ...item, statusOverride: "weakened" as const, statusReason: "the dump was partial" } : item,
    );
    const rax = assessHypotheses(overridden, links).get("rax-leak")!;
    expect(rax.status).toBe("weakened");
    expect(rax.derivedStatus).toBe("refuted");
    expect(rax.overridden).toBe(true);
    expect(rax.reason).toContain("the dump was partial");
  });

  it("ignores links whose source entry is gone", () => {
    const result = assessHypotheses(entries, [link("missing", "rax-leak", "refutes")]);
    expect(result.get("rax-leak")!.status).toBe("open");
  });
});
