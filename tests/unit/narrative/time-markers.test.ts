import { describe, expect, it } from "vitest";
import { guessEntryKind } from "@/lib/narrative/kinds";
import { readDayHeading, readTimeMarker } from "@/lib/narrative/time-markers";

describe("readTimeMarker", () => {
  it("reads times at the start of plain lines, headings, list items and bold text", () => {
    expect(readTimeMarker("16:30 问题暴露")).toEqual({ time: { type: "clock", hour: 16, minute: 30 }, text: "16:30", rest: "问题暴露" });
    expect(readTimeMarker("## 18:10 整理监控和日志")?.rest).toBe("整理监控和日志");
    expect(readTimeMarker("- **09:05** — paged the on-call")).toMatchObject({ time: { type: "clock", hour: 9, minute: 5 }, rest: "paged the on-call" });
    expect(readTimeMarker("16:30问题暴露")?.rest).toBe("问题暴露");
    expect(readTimeMarker("4:30 pm: rollback")?.time).toEqual({ type: "clock", hour: 16, minute: 30 });
    expect(readTimeMarker("下午3点20分 开会")?.time).toEqual({ type: "clock", hour: 15, minute: 20 });
  });

  it("reads day numbers, next days, month/day dates and ISO timestamps", () => {
    expect(readTimeMarker("第二天10:00 重新整理思路")).toMatchObject({ time: { type: "day", day: 2, hour: 10, minute: 0 }, text: "第二天10:00", rest: "重新整理思路" });
    expect(readTimeMarker("第3天 09:15 复盘")?.time).toEqual({ type: "day", day: 3, hour: 9, minute: 15 });
    expect(readTimeMarker("Day 2 10:00: rollback")?.time).toEqual({ type: "day", day: 2, hour: 10, minute: 0 });
    expect(readTimeMarker("次日 08:00 继续")?.time).toEqual({ type: "next-day", hour: 8, minute: 0 });
    expect(readTimeMarker("10月20日11:30 触发泄漏")?.time).toEqual({ type: "month-day", month: 10, day: 20, hour: 11, minute: 30 });
    expect(readTimeMarker("2024-03-01T10:00:00Z alert")?.time).toEqual({ type: "absolute", input: "2024-03-01T10:00:00Z" });
    expect(readTimeMarker("2024-03-01 10:00 +0530 alert")?.time).toEqual({ type: "absolute", input: "2024-03-01T10:00:00+05:30" });
    expect(readTimeMarker("2024-03-01 10:00 alert")?.time).toEqual({ type: "absolute", input: "2024-03-01 10:00" });
  });

  it("ignores times inside sentences, impossible times and things that only look like times", () => {
    expect(readTimeMarker("搜索该系统的历史短信告警,在10月11日11:33分出现三次告警")).toBeNull();
    expect(readTimeMarker("25:10 impossible")).toBeNull();
    expect(readTimeMarker("3.2.8 版本")).toBeNull();
    expect(readTimeMarker("1:1 ratio")).toBeNull();
    expect(readTimeMarker("12:30abc")).toBeNull();
    expect(readTimeMarker("")).toBeNull();
  });

  it("recognises lines that only name a day", () => {
    expect(readDayHeading("第二天")).toEqual({ day: 2 });
    expect(readDayHeading("## Day 3 — Tuesday")).toEqual({ day: 3 });
    expect(readDayHeading("次日")).toEqual({ day: "next" });
    expect(readDayHeading("第二天10:00 重新整理思路")).toBeNull();
  });
});

describe("guessEntryKind", () => {
  it("follows the cue words, conclusive ones first, title before body", () => {
    expect(guessEntryKind("找到根因", "我们怀疑过很多地方")).toEqual({ kind: "root-cause", cue: "根因" });
    expect(guessEntryKind("修复动作", "")).toEqual({ kind: "fix", cue: "修复" });
    expect(guessEntryKind("", "初步发现很多 key,怀疑是 slot 迁移有问题")).toEqual({ kind: "evidence", cue: "发现" });
    expect(guessEntryKind("", "重点怀疑 rax 树,但都排除掉了")).toEqual({ kind: "decision", cue: "排除" });
    expect(guessEntryKind("", "仍然怀疑 rax 泄漏")).toEqual({ kind: "hypothesis", cue: "怀疑" });
    expect(guessEntryKind("We suspect the cache", "")).toEqual({ kind: "hypothesis", cue: "suspect" });
    expect(guessEntryKind("The dump shows SDS strings", "")).toEqual({ kind: "evidence", cue: "the dump shows" });
    expect(guessEntryKind("Ruled out the network", "")).toEqual({ kind: "decision", cue: "ruled out" });
    expect(guessEntryKind("Deployed the fix", "")).toEqual({ kind: "fix", cue: "fix" });
    expect(guessEntryKind("Alert fired", "memory at 90 %")).toEqual({ kind: "observation", cue: null });
    // English cues are whole words: "prefix" is not "fix".
    expect(guessEntryKind("prefix scan", "")).toEqual({ kind: "observation", cue: null });
  });
});
