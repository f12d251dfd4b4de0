import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatZonedIso } from "@/lib/domain";
import { buildNarrativeDraft } from "@/lib/narrative/parse";

const SEED = fs.readFileSync(path.join(__dirname, "../../fixtures/narrative/redis-slot-migration-leak.zh.txt"), "utf8");
const local = (iso: string, zone: string) => formatZonedIso(iso, zone).slice(0, 16).replace("T", " ");

describe("narrative import of the worked example (Chinese, times of day only)", () => {
  const draft = buildNarrativeDraft(SEED, { day1: "2019-12-19" });
  const zone = draft.incident.timezone;

  it("finds every time-stamped moment of both days, in time order, with the right day", () => {
    expect(draft.entries.map((entry) => `${local(entry.at, zone)} ${entry.timeText}`)).toEqual([
      "2019-12-19 16:30 16:30",
      "2019-12-19 16:40 16:40",
      "2019-12-19 17:30 17:30",
      // Written after 18:10: ten minutes back is the same evening, not the next day.
      "2019-12-19 18:00 18:00",
      "2019-12-19 18:10 18:10",
      "2019-12-19 18:30 18:30",
      "2019-12-19 20:30 20:30",
      "2019-12-19 22:00 22:00",
      "2019-12-20 10:00 第二天10:00",
      "2019-12-20 14:00 14:00",
      "2019-12-20 17:00 17:00",
      "2019-12-20 18:30 18:30",
      "2019-12-20 20:00 20:00",
    ]);
    expect(draft.warnings).toContain('line 75: "18:00" comes after "18:10" in the text; the timeline orders entries by time');
  });

  it("guesses kinds from cue words and keeps the headings as titles", () => {
    const byTime = (text: string, day = "2019-12-19") => draft.entries.find((entry) => local(entry.at, zone) === `${day} ${text}`)!;
    expect(byTime("16:30")).toMatchObject({ title: "问题暴露", kind: "observation", kindCue: null });
    expect(byTime("18:00")).toMatchObject({ title: "打印内存 dump 信息", kind: "evidence", kindCue: "发现" });
    expect(byTime("20:30")).toMatchObject({ title: "尝试使用工具定位", kind: "action" });
    expect(byTime("22:00")).toMatchObject({ kind: "hypothesis", kindCue: "怀疑" });
    expect(byTime("18:30", "2019-12-20")).toMatchObject({ title: "找到根因", kind: "root-cause" });
    expect(byTime("20:00", "2019-12-20")).toMatchObject({ title: "修复动作", kind: "fix" });
    expect(new Set(draft.entries.map((entry) => entry.key)).size).toBe(draft.entries.length);
  });

  it("keeps each moment's text as its body, with bullets as Markdown lists", () => {
    const scan = draft.entries.find((entry) => entry.title === "开始排查社区版本")!;
    expect(scan.body).toContain("查看3.2.8的commit记录");
    expect(scan.body).toContain("- 不需要从最新修复一直倒叙确认到3系列的 commit 提交");
    expect(scan.body).not.toContain("18:10");
    expect(scan.lines).toEqual([13, 21]);
  });

  it("keeps images as attachment placeholders on the moment they belong to", () => {
    expect(draft.attachments).toHaveLength(11);
    const monitoring = draft.entries.find((entry) => entry.title === "整理监控和日志")!;
    expect(draft.attachments.filter((image) => image.entryKey === monitoring.key).map((image) => image.filename)).toEqual([
      "21c89a9b5aa7a9dda8229161a4fcaea6.png",
      "36a6a8d5612614e074cccaef63fa96f0.png",
      "07161cf1671c59ba5012d8eb4adafdc7.png",
      "71e708e93d03f80747d14a6a1d8d80fc.png",
    ]);
    expect(monitoring.body).toContain("image placeholder: 21c89a9b5aa7a9dda8229161a4fcaea6.png");
  });

  it("turns 后续思考 into lessons and the text before the first time into title and summary", () => {
    expect(draft.lessons.map((lesson) => lesson.title)).toEqual([
      "代码 review 需要从功能视角去走读代码,不能只关注 diff 不同",
      "对内存泄漏的排查, 在代码设计阶段是避免此类问题的效率最优解, 代码 review 阶段比测试阶段代价要小",
    ]);
    expect(draft.lessons[1].body).toContain("valgrind、sanitizers");
    expect(draft.incident).toMatchObject({ title: "线上问题排查实例分析|关于 Redis 内存泄漏", originalLanguage: "zh", timezone: "Asia/Shanghai", status: "postmortem-draft" });
    expect(draft.incident.summary).toMatch(/^Redis 作为高性能的 key-value 内存型数据库/);
    expect(draft.incident.detectedAt).toBe("2019-12-19T16:30:00+08:00");
    expect(draft.incident.slug).toBe("redis-2019-12-19");
  });

  it("assumes today as day 1 when no date is given, and says so", () => {
    const undated = buildNarrativeDraft(SEED, { now: new Date("2024-05-01T03:00:00Z") });
    expect(undated.day1).toEqual({ date: "2024-05-01", assumed: true });
    expect(undated.entries[0].at).toBe("2024-05-01T16:30:00+08:00");
    expect(undated.warnings.some((warning) => warning.includes("day 1 is set to 2024-05-01"))).toBe(true);
  });

  it("suggests a slug that is still free", () => {
    expect(buildNarrativeDraft(SEED, { day1: "2019-12-19", takenSlugs: new Set(["redis-2019-12-19"]) }).incident.slug).toBe("redis-2019-12-19-2");
  });
});

describe("narrative import of other shapes", () => {
  it("reads an English Markdown postmortem with ISO times, Day N, sections and images", () => {
    const markdown = [
      "# Checkout outage",
      "",
      "## Summary",
      "Payments failed for 40 minutes.",
      "",
      "## Timeline",
      "- 2024-03-01T23:50:00Z Alert: error rate at 30 %",
      "- 23:58 We suspect the new connection pool",
      "  ![pool graph](https://img.example.com/graphs/pool.png)",
      "- 00:20 Rolled back the deploy",
      "- Day 2 09:00 The dump shows leaked sockets",
      "- 10:30 Fixed the pool size",
      "",
      "## Root cause",
      "The pool never released idle sockets.",
      "",
      "## Lessons learned",
      "- Load-test connection pools",
      "- Alert on socket counts",
    ].join("\n");
    const draft = buildNarrativeDraft(markdown);
    expect(draft.incident).toMatchObject({ title: "Checkout outage", summary: "Payments failed for 40 minutes.", timezone: "UTC", originalLanguage: "" });
    expect(draft.incident.rootCause).toBe("The pool never released idle sockets.");
    expect(draft.day1).toEqual({ date: "2024-03-01", assumed: false });
    expect(draft.entries.map((entry) => [entry.at, entry.kind])).toEqual([
      ["2024-03-01T23:50:00Z", "observation"],
      ["2024-03-01T23:58:00Z", "hypothesis"],
      ["2024-03-02T00:20:00Z", "action"], // past midnight: the next day
      ["2024-03-02T09:00:00Z", "evidence"],
      ["2024-03-02T10:30:00Z", "fix"],
    ]);
    expect(draft.attachments).toEqual([{ filename: "pool.png", entryKey: draft.entries[1].key, line: 9 }]);
    expect(draft.lessons.map((lesson) => lesson.title)).toEqual(["Load-test connection pools", "Alert on socket counts"]);
    expect(draft.warnings).toEqual([]);
  });

  it("reads month/day dates and 次日 relative to day 1", () => {
    const draft = buildNarrativeDraft("故障复盘\n10月20日11:30 扩容\n22:00 告警\n次日 09:00 修复上线", { day1: "2019-10-20" });
    expect(draft.entries.map((entry) => entry.at)).toEqual(["2019-10-20T11:30:00+08:00", "2019-10-20T22:00:00+08:00", "2019-10-21T09:00:00+08:00"]);
  });

  it("imports a text without times as one note entry and says so", () => {
    const draft = buildNarrativeDraft("Database slowness\n\nQueries were slow all afternoon. We added an index.\n", { day1: "2024-01-05" });
    expect(draft.entries).toHaveLength(1);
    expect(draft.entries[0]).toMatchObject({ kind: "note", at: "2024-01-05T00:00:00Z", title: "Queries were slow all afternoon" });
    expect(draft.entries[0].body).toContain("We added an index.");
    expect(draft.incident.title).toBe("Database slowness");
    expect(draft.warnings[0]).toMatch(/no times found.*one note entry/);
  });
});
