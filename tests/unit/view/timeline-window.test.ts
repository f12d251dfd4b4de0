import { describe, expect, it } from "vitest";
import type { HypothesisCardView, HypothesisColumn } from "@/lib/view/hypothesis-board";
import { BOARD_COLUMN_CAP, capColumns } from "@/lib/view/hypothesis-board";
import { entryAnchor, incidentPageHref, incidentPageView, shownEntryKeys, TIMELINE_WINDOW, windowTimeline } from "@/lib/view/timeline";

const day = (date: string, count: number, start: number) => ({ dayNumber: 1, date, items: Array.from({ length: count }, (_, i) => start + i) });
const entryDay = (date: string, count: number, start: number) => ({
  dayNumber: 1,
  date,
  items: Array.from({ length: count }, (_, i) => ({ entry: { key: `e${start + i + 1}` } })),
});

describe("windowTimeline", () => {
  const days = [day("2024-01-01", 120, 0), day("2024-01-02", 60, 120), day("2024-01-03", 20, 180)];
  const window = { threshold: 150, head: 50, tail: 50 };

  it("keeps short timelines whole", () => {
    expect(windowTimeline([day("2024-01-01", 150, 0)], false, window)).toMatchObject({ hidden: 0, after: [] });
  });

  it("keeps the first and last entries of long timelines, splitting days where needed", () => {
    const result = windowTimeline(days, false, window);
    expect(result.hidden).toBe(100);
    expect(result.before.map((d) => [d.date, d.items[0], d.items.at(-1)])).toEqual([["2024-01-01", 0, 49]]);
    expect(result.after.map((d) => [d.date, d.items[0], d.items.at(-1)])).toEqual([
      ["2024-01-02", 150, 179],
      ["2024-01-03", 180, 199],
    ]);
  });

  it("shows everything on request", () => {
    expect(windowTimeline(days, true, window)).toMatchObject({ hidden: 0, before: days });
  });

  it("by default shows a 60-entry timeline whole and the first and last 20 of anything longer", () => {
    expect(TIMELINE_WINDOW).toEqual({ threshold: 60, head: 20, tail: 20 });
    expect(windowTimeline([day("2024-01-01", 60, 0)], false)).toMatchObject({ hidden: 0, after: [] });
    expect(windowTimeline([day("2024-01-01", 61, 0)], false).hidden).toBe(21);
    const long = windowTimeline([day("2024-01-01", 300, 0), day("2024-01-02", 200, 300)], false);
    expect(long.hidden).toBe(460);
    expect(long.before.flatMap((d) => d.items)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(long.after.flatMap((d) => d.items)).toEqual(Array.from({ length: 20 }, (_, i) => 480 + i));
  });
});

describe("links to entries", () => {
  const long = windowTimeline([entryDay("2024-01-01", 100, 0)], false);
  const shown = shownEntryKeys(long);

  it("knows which entries a window shows", () => {
    expect(shown.size).toBe(40);
    expect(shown.has("e1") && shown.has("e20") && shown.has("e81") && shown.has("e100")).toBe(true);
    expect(shown.has("e21") || shown.has("e80")).toBe(false);
  });

  it("point at the anchor when the entry is shown and at the full timeline when it is hidden", () => {
    const href = entryAnchor("big one", incidentPageView({}), shown);
    expect(href("e5")).toBe("#entry-e5");
    expect(href("e50")).toBe("/incidents/big%20one?timeline=all#entry-e50");
    const withBoard = entryAnchor("big one", incidentPageView({ board: "all" }), shown);
    expect(withBoard("e50")).toBe("/incidents/big%20one?timeline=all&board=all#entry-e50");
  });

  it("stay anchors when nothing is hidden or the full timeline is already open", () => {
    expect(entryAnchor("s", incidentPageView({}), null)("e50")).toBe("#entry-e50");
    expect(entryAnchor("s", incidentPageView({ timeline: "all" }), shown)("e50")).toBe("#entry-e50");
  });

  it("keep the page's other view switches", () => {
    expect(incidentPageHref("s", { timelineAll: false, boardAll: false })).toBe("/incidents/s");
    expect(incidentPageHref("s", { timelineAll: false, boardAll: true }, "#hypotheses")).toBe("/incidents/s?board=all#hypotheses");
    expect(incidentPageView({ timeline: ["all"], board: "some" })).toEqual({ timelineAll: false, boardAll: false });
  });
});

describe("capColumns", () => {
  const cards = (count: number) => Array.from({ length: count }, (_, i) => ({ entry: { key: `h${i}` } }) as unknown as HypothesisCardView);
  const columns: HypothesisColumn[] = [
    { status: "open", label: "Open", cards: cards(30) },
    { status: "refuted", label: "Refuted", cards: cards(BOARD_COLUMN_CAP) },
    { status: "confirmed", label: "Confirmed", cards: [] },
  ];

  it("shows the first cards of a crowded column and counts them all", () => {
    const capped = capColumns(columns, false);
    expect(capped.map((column) => [column.status, column.cards.length, column.total])).toEqual([
      ["open", 8, 30],
      ["refuted", 8, 8],
      ["confirmed", 0, 0],
    ]);
    expect(capped[0].cards.map((card) => card.entry.key)).toEqual(["h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7"]);
  });

  it("shows every card on request", () => {
    expect(capColumns(columns, true).map((column) => column.cards.length)).toEqual([30, 8, 0]);
  });
});
