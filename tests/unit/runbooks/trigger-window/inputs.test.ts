import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { analyzeTriggerWindow } from "@/lib/runbooks/trigger-window/analyze";
import { classifyEvent, parseEventLog, parseMetricsCsv } from "@/lib/runbooks/trigger-window/inputs";
import { readLeadingTimestamp } from "@/lib/runbooks/trigger-window/timestamps";
import { seriesCsv } from "./synthetic";

const at = (iso: string) => Date.parse(iso);

describe("metrics CSV", () => {
  it("reads ISO, unix seconds and milliseconds, with or without a header", () => {
    const csv = [
      "2019-10-20T11:00:00Z,100",
      "1571569260,101",
      "1571569320000,102",
      "2019-10-20 19:03:00+08:00,103",
      '"2019-10-20T11:04:00.500Z";"104"',
      "1571569500.25\t105",
    ].join("\n");
    const parsed = parseMetricsCsv(csv, "UTC");
    expect(parsed.problems).toEqual([]);
    expect(parsed.points.map((point) => [point.t, point.value])).toEqual([
      [at("2019-10-20T11:00:00Z"), 100],
      [at("2019-10-20T11:01:00Z"), 101],
      [at("2019-10-20T11:02:00Z"), 102],
      [at("2019-10-20T11:03:00Z"), 103],
      [at("2019-10-20T11:04:00.500Z"), 104],
      [at("2019-10-20T11:05:00.250Z"), 105],
    ]);
    expect(parseMetricsCsv(`timestamp,used_memory\n${csv}`, "UTC").problems).toEqual([]);
  });

  it("reads timestamps without an offset in the given zone", () => {
    const parsed = parseMetricsCsv("2019-10-20 11:30,800\n2019-10-20 11:31:00,801", "Asia/Shanghai");
    expect(parsed.points.map((point) => new Date(point.t).toISOString())).toEqual(["2019-10-20T03:30:00.000Z", "2019-10-20T03:31:00.000Z"]);
  });

  it("reports unreadable lines by number, sorts, and lets a repeated timestamp's later value win", () => {
    const csv = "timestamp,value\n2019-10-20T11:02:00Z,3\n2019-10-20T11:00:00Z,1\nyesterday,5\n2019-10-20T11:01:00Z,800MB\n2019-10-20T11:01:00Z,2\n2019-10-20T11:02:00Z,4\n2019-10-20T11:03:00Z,5,6\n2019-13-40T11:00:00Z,1\n";
    const parsed = parseMetricsCsv(csv, "UTC");
    expect(parsed.points.map((point) => point.value)).toEqual([1, 2, 4]);
    expect(parsed.duplicates).toBe(1);
    expect(parsed.problems).toEqual([
      { line: 4, message: '"yesterday" is not a timestamp (ISO 8601, or unix seconds or milliseconds)' },
      { line: 5, message: '"800MB" is not a plain number (write bytes without units)' },
      { line: 8, message: 'expected two fields "timestamp,value", found 3' },
      { line: 9, message: '"2019-13-40T11:00:00Z" is not a timestamp (ISO 8601, or unix seconds or milliseconds)' },
    ]);
  });

  it("fails only when nothing can be read, or too little", () => {
    expect(() => analyzeTriggerWindow("a,b\nc,d", "")).toThrow(InvalidInputError);
    expect(() => analyzeTriggerWindow("nonsense\nmore nonsense", "")).toThrow(/no line of the metrics could be read \(line 1: expected two fields/);
    expect(() => analyzeTriggerWindow("", "")).toThrow("the metrics are empty");
    expect(() => analyzeTriggerWindow(seriesCsv(5, (i) => i), "")).toThrow("the metrics have 5 readable point(s); at least 8 are needed to tell a step from a slope");
    expect(() => analyzeTriggerWindow(seriesCsv(20, (i) => i), "no timestamps here\nat all")).toThrow(/no line of the events could be read/);
    expect(() => analyzeTriggerWindow(seriesCsv(20, (i) => i), "", { windowMinutes: 0 })).toThrow(/window/);
  });
});

describe("event log", () => {
  it("reads Redis log lines, platform lines and unix times, each with its kind", () => {
    const log = [
      "12345:M 20 Oct 2019 11:30:01.123 * Starting BGREWRITEAOF",
      "2019-10-20 11:29 scale-out slot migration started",
      "1571542320 failover by manager",
      "",
      "# a comment",
      "Oct 20 11:30:01 host redis[1]: syslog has no year",
      "[2019-10-20 11:33:00] alert: memory usage reached 100%",
    ].join("\n");
    const parsed = parseEventLog(log, "Asia/Shanghai");
    expect(parsed.events.map((event) => [new Date(event.t).toISOString(), event.kind, event.line, event.text])).toEqual([
      ["2019-10-20T03:29:00.000Z", "slot-migration", 2, "scale-out slot migration started"],
      ["2019-10-20T03:30:01.123Z", "aof-rewrite", 1, "Starting BGREWRITEAOF"],
      ["2019-10-20T03:32:00.000Z", "failover", 3, "failover by manager"],
      ["2019-10-20T03:33:00.000Z", "eviction", 7, "alert: memory usage reached 100%"],
    ]);
    expect(parsed.problems).toEqual([{ line: 6, message: "no timestamp at the start of the line (ISO 8601, unix time, or a Redis log line)" }]);
  });

  it.each([
    ["Background append only file rewriting started by pid 4567", "aof-rewrite"],
    ["Starting automatic rewriting of AOF on 100% growth", "aof-rewrite"],
    ["Failover election won", "failover"],
    ["Connection with master lost.", "failover"],
    ["Full resync requested by replica 10.0.0.6:6379", "full-sync"],
    ["Starting BGSAVE for SYNC with target: disk", "full-sync"],
    ["Background saving started by pid 99", "bgsave"],
    ["CONFIG SET maxmemory 2gb", "config-change"],
    ["vertical scaling to 4 GB", "config-change"],
    ["OOM command not allowed when used memory > 'maxmemory'", "eviction"],
    ["Ready to accept connections", "restart"],
    ["deploy redis-proxy v2.3", "deploy"],
    ["Client closed connection", null],
  ])("classifies %j as %s", (text, kind) => {
    expect(classifyEvent(text)).toBe(kind);
  });

  it("does not read a kernel suffix or garbage as a time", () => {
    expect(readLeadingTimestamp("12 apples", "UTC")).toBeNull();
    expect(readLeadingTimestamp("2019-02-30 10:00 impossible date", "UTC")).toBeNull();
  });
});

describe("metrics header", () => {
  it("only the first line can be a header", () => {
    const parsed = parseMetricsCsv("yesterday,lots\nnever,more\n2019-10-20T11:00:00Z,1", "UTC");
    expect(parsed.problems).toEqual([{ line: 2, message: '"never" is not a timestamp (ISO 8601, or unix seconds or milliseconds)' }]);
    expect(() => analyzeTriggerWindow("timestamp,value\n", "")).toThrow("no line of the metrics could be read (only a header line)");
  });
});
