import { describe, expect, it } from "vitest";
import { formatZonedIso, groupByDay, resolveEntryTime, zonedParts, zonedToInstant } from "@/lib/domain";
import { InvalidInputError } from "@/lib/errors";

const tz = "Asia/Shanghai";
const origin = "2019-12-19T08:30:00.000Z"; // 16:30 local

describe("resolveEntryTime", () => {
  it("accepts ISO date-times with an offset", () => {
    expect(resolveEntryTime("2019-12-19T16:40:00+08:00", { timeZone: tz, origin })).toBe("2019-12-19T08:40:00.000Z");
  });

  it("rejects ISO without an offset or impossible times", () => {
    expect(() => resolveEntryTime("2019-12-19T16:40:00", { timeZone: tz, origin })).toThrow(InvalidInputError);
    expect(() => resolveEntryTime("25:10", { timeZone: tz, origin })).toThrow(/impossible/);
    expect(() => resolveEntryTime("yesterday-ish", { timeZone: tz, origin })).toThrow(/not a time/);
  });

  it("reads local date-times in the incident's zone", () => {
    expect(resolveEntryTime("2019-10-20 11:30", { timeZone: tz, origin })).toBe("2019-10-20T03:30:00.000Z");
  });

  it("counts day N from the timeline's first day", () => {
    expect(resolveEntryTime("day 2 10:00", { timeZone: tz, origin })).toBe("2019-12-20T02:00:00.000Z");
    expect(resolveEntryTime("Day 1 22:00", { timeZone: tz, origin })).toBe("2019-12-19T14:00:00.000Z");
    expect(resolveEntryTime("第二天10:00", { timeZone: tz, origin })).toBe("2019-12-20T02:00:00.000Z");
    expect(resolveEntryTime("第3天 09:15", { timeZone: tz, origin })).toBe("2019-12-21T01:15:00.000Z");
  });

  it("reads Chinese month/day dates in the origin's year", () => {
    expect(resolveEntryTime("10月20日11:30", { timeZone: tz, origin })).toBe("2019-10-20T03:30:00.000Z");
  });

  it("rolls a bare HH:MM over to the next day only when it would go back 6 hours or more", () => {
    const previous = "2019-12-19T14:00:00.000Z"; // 22:00 local
    expect(resolveEntryTime("10:00", { timeZone: tz, origin, previous })).toBe("2019-12-20T02:00:00.000Z");
    // The seed writes 18:00 after 18:10: a small step back stays on the same day.
    const at1810 = "2019-12-19T10:10:00.000Z";
    expect(resolveEntryTime("18:00", { timeZone: tz, origin, previous: at1810 })).toBe("2019-12-19T10:00:00.000Z");
  });

  it("needs an anchor for relative times", () => {
    expect(() => resolveEntryTime("day 2 10:00", { timeZone: tz, origin: null })).toThrow(/no first moment/);
    expect(() => resolveEntryTime("10:00", { timeZone: tz, origin: null })).toThrow(/no first moment/);
  });

  it("handles daylight-saving zones", () => {
    // 2024-03-31 02:30 does not exist in Europe/Berlin; the clock jumps to 03:30 (UTC+2).
    const instant = zonedToInstant({ year: 2024, month: 3, day: 31, hour: 12, minute: 0, second: 0 }, "Europe/Berlin");
    expect(instant.toISOString()).toBe("2024-03-31T10:00:00.000Z");
    expect(formatZonedIso(instant, "Europe/Berlin")).toBe("2024-03-31T12:00:00+02:00");
    expect(formatZonedIso("2024-01-15T11:00:00Z", "Europe/Berlin")).toBe("2024-01-15T12:00:00+01:00");
    expect(formatZonedIso("2024-01-15T11:00:00Z", "UTC")).toBe("2024-01-15T11:00:00Z");
  });
});

describe("groupByDay", () => {
  it("groups by local calendar day and numbers days from the first", () => {
    const items = [
      { at: "2019-12-19T08:30:00.000Z" }, // 16:30 day 1
      { at: "2019-12-19T15:59:00.000Z" }, // 23:59 day 1
      { at: "2019-12-19T16:01:00.000Z" }, // 00:01 day 2 (local)
      { at: "2019-12-22T02:00:00.000Z" }, // day 4
    ];
    const days = groupByDay(items, tz);
    expect(days.map((day) => [day.dayNumber, day.date, day.items.length])).toEqual([
      [1, "2019-12-19", 2],
      [2, "2019-12-20", 1],
      [4, "2019-12-22", 1],
    ]);
    expect(groupByDay(items, "UTC").map((day) => day.dayNumber)).toEqual([1, 4]);
  });
});

describe("zonedParts", () => {
  it("agrees with Intl for instants around DST changes and odd offsets", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Shanghai", "UTC"];
    const reference = (ms: number, zone: string) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
        .format(new Date(ms))
        .replace(", ", "T");
    const starts = [Date.UTC(2024, 2, 31, 0, 0), Date.UTC(2024, 9, 27, 0, 0), Date.UTC(2024, 2, 10, 6, 0), Date.UTC(2024, 3, 7, 14, 0)];
    for (const zone of zones) {
      for (const start of starts) {
        for (let minute = 0; minute < 6 * 60; minute += 7) {
          const ms = start + minute * 60_000;
          const p = zonedParts(new Date(ms), zone);
          const mine = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}T${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
          expect(mine, `${zone} ${new Date(ms).toISOString()}`).toBe(reference(ms, zone));
        }
      }
    }
  });
});
