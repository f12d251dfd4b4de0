import { describe, expect, it } from "vitest";
import { findRecurrences } from "@/lib/checklists/recurrence";

const SOURCE = { ref: { slug: "redis-slot-migration-leak", title: "Redis leak", at: "2019-10-20T03:30:00.000Z" }, tags: ["memory-leak", "redis"], facts: { system: "redis", version: "3.2.8", events: ["slot-migration", "failover"] } };
const incident = (slug: string, at: string, tags: string[], facts: Record<string, unknown> = {}) => ({ ref: { slug, title: slug, at }, tags, facts: facts as never });

describe("recurrence of a lesson", () => {
  const lesson = { tags: ["backport", "memory-leak"], incidents: [SOURCE.ref] };

  it("lists later incidents with the lesson's tags or the same mechanism, oldest first, with reasons", () => {
    const all = [
      SOURCE,
      incident("earlier-leak", "2019-01-01T00:00:00.000Z", ["memory-leak"]),
      incident("later-backport", "2021-03-01T00:00:00.000Z", ["backport"]),
      incident("later-same-mechanism", "2020-05-01T00:00:00.000Z", ["cache"], { system: "redis", version: "3.2.12", events: ["slot-migration"] }),
      incident("later-unrelated", "2020-06-01T00:00:00.000Z", ["disk"], { system: "postgres" }),
    ];
    const result = findRecurrences(lesson, all);
    expect(result.since).toBe(SOURCE.ref.at);
    expect(result.incidents.map((found) => found.slug)).toEqual(["later-same-mechanism", "later-backport"]);
    expect(result.incidents[0].reasons[0]).toMatch(/^same mechanism: .*shared events: slot-migration/);
    expect(result.incidents[1].reasons).toEqual(["same tags: backport"]);
  });

  it("has nothing to compare for a lesson no incident taught", () => {
    expect(findRecurrences({ tags: ["memory"], incidents: [] }, [SOURCE])).toEqual({ since: null, incidents: [] });
  });

  it("does not count the incidents that taught the lesson", () => {
    const second = incident("second-source", "2021-01-01T00:00:00.000Z", ["backport"]);
    expect(findRecurrences({ ...lesson, incidents: [SOURCE.ref, second.ref] }, [SOURCE, second]).incidents).toEqual([]);
  });
});
