import { describe, expect, it } from "vitest";
import { countKeys, limitKeys, type MatchCounts } from "@/lib/search/backend-types";
import { tallyMatches } from "@/lib/search/facets";
import { groupByIncident } from "@/lib/search/grouping";
import { documentIdBase, LIBRARY_NO } from "@/lib/search/layout";
import { highlightPhrases, parseSearchQuery } from "@/lib/search/query";
import { highlightText, matchSpans, snippet, SNIPPET_LENGTH } from "@/lib/search/snippet";
import { tokenize } from "@/lib/search/tokens";

const phrases = (q: string) => highlightPhrases(parseSearchQuery(q));

describe("snippets", () => {
  it("marks Chinese words where the segmenter found them and escapes everything else", () => {
    expect(highlightText("<b>线上问题排查</b> & Redis 内存泄漏", phrases("排查 内存泄漏"))).toBe(
      "&lt;b&gt;线上问题<mark>排查</mark>&lt;/b&gt; &amp; Redis <mark>内存泄漏</mark>",
    );
  });

  it("marks phrases as a whole and prefixes on the full word", () => {
    expect(highlightText("slot migration: Slots were migrating", phrases('"slot migration" migrat*'))).toBe(
      "<mark>slot migration</mark>: Slots were <mark>migrating</mark>",
    );
  });

  it("shows the window with the most different query words, with ellipses", () => {
    const text = `${"filler words here ".repeat(30)}jemalloc was built without profiling ${"more filler ".repeat(10)}and valgrind came last ${"tail ".repeat(60)}`;
    const result = snippet(text, phrases("jemalloc valgrind"));
    expect(result.startsWith("…")).toBe(true);
    expect(result.endsWith("…")).toBe(true);
    expect(result).toContain("<mark>jemalloc</mark>");
    expect(result).toContain("<mark>valgrind</mark>");
    expect(result.replace(/<\/?mark>/g, "").length).toBeLessThanOrEqual(SNIPPET_LENGTH + 2);
  });

  it("shows any whitespace as single spaces and trims the ends", () => {
    for (const text of ["  memory\n\nleak  ", "tabs\tand\u00a0spaces\u3000memory leak\r\n", "memory leak ", "\u2028memory\ufeffleak", "memory\u0000leak"]) {
      expect(snippet(text, phrases("memory leak")), JSON.stringify(text)).toBe(highlightText(text.replace(/\s+/g, " ").trim(), phrases("memory leak")));
    }
  });

  it("finds English words exactly where the tokenizer puts them", () => {
    // Texts of at most 70 characters: the neighbourhoods searched cover all of them, so every match is found.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ["ab", "b", "AB", "a", "9", " ", " ", ".", "-", "\n", "内存", "ー", "。", "，", "é", "Ｂ", "々", "😀", "İ", "\u0301", "a".repeat(66)];
    // Words longer than MAX_TERM_LENGTH (64) are cut, in the text and in the query alike.
    const queries = ['ab "b ab"', "ab*", "a b9*", '"ab ab ab"', "b OR ab*", "a".repeat(66), "a".repeat(64) + "*"].map((q) => phrases(q));
    let plain = 0;
    for (let n = 0; n < 4000; n++) {
      let text = "";
      for (let i = Math.floor(random() * 10); i > 0; i--) text += pieces[Math.floor(random() * (random() < 0.85 ? 14 : pieces.length))];
      if (text.length > 70) continue;
      const query = queries[Math.floor(random() * queries.length)];
      const tokens = tokenize(text, () => false);
      const expected = tokens.flatMap((token, i) =>
        query.flatMap((phrase, index) => {
          const last = phrase.terms.length - 1;
          const found = phrase.terms.every((term, j) => tokens[i + j] && (phrase.prefix && j === last ? tokens[i + j].term.startsWith(term) : tokens[i + j].term === term));
          return found ? [{ start: token.start, end: tokens[i + last].end, phrase: index }] : [];
        }),
      );
      expect(matchSpans(text, query), JSON.stringify(text)).toEqual(expected.sort((a, b) => a.start - b.start || b.end - a.end));
      if (/^[\x00-\x7f内存ー。，]*$/.test(text)) plain++;
    }
    expect(plain).toBeGreaterThan(1000);
  });

  it("falls back to the start of the text when the match is only in the title", () => {
    expect(snippet("short body", phrases("redis"))).toBe("short body");
  });
});

describe("facets", () => {
  const matches: MatchCounts = {
    // [incident no, kind code, hits]: kinds 1 incident, 2 entry, 3 lesson
    counts: [
      [1, 1, 1],
      [1, 2, 4],
      [2, 2, 2],
      [2, 3, 1],
      [3, 2, 5],
      [9, 2, 7], // an incident no longer registered: ignored
    ],
    incidents: [
      { no: 1, status: "resolved", severity: "sev2", services: ["redis"], tags: ["memory-leak"], at: "2019-12-19T08:30:00.000Z" },
      { no: 2, status: "resolved", severity: "sev1", services: ["redis", "api"], tags: [], at: "2024-01-02T00:00:00.000Z" },
      { no: 3, status: "investigating", severity: "sev2", services: [], tags: ["memory-leak"], at: "2024-06-01T00:00:00.000Z" },
    ],
    capped: false,
    indexFormat: 1,
  };
  const kindOf = (code: number) => ({ 1: "incident", 2: "entry", 3: "lesson" })[code];

  it("counts every hit without filters", () => {
    const tally = tallyMatches(matches, {}, kindOf);
    expect(tally.total).toBe(13);
    expect(tally.totalIncidents).toBe(3);
    expect(tally.allowedIncidentNos).toBeNull();
    expect(tally.facets.kind).toEqual([
      { value: "entry", count: 11 },
      { value: "incident", count: 1 },
      { value: "lesson", count: 1 },
    ]);
    expect(tally.facets.service).toEqual([
      { value: "redis", count: 8 },
      { value: "api", count: 3 },
    ]);
    expect(tally.facets.year).toEqual([
      { value: "2024", count: 8 },
      { value: "2019", count: 5 },
    ]);
  });

  it("filters, and counts each facet as if its own filter were not set", () => {
    const tally = tallyMatches(matches, { status: "resolved", kind: "entry" }, kindOf);
    expect(tally.total).toBe(6);
    expect([...tally.hitsByIncident]).toEqual([
      [1, 4],
      [2, 2],
    ]);
    expect(tally.allowedIncidentNos).toEqual([1, 2]);
    // Other statuses stay visible with their counts (for entries).
    expect(tally.facets.status).toEqual([
      { value: "resolved", count: 6 },
      { value: "investigating", count: 5 },
    ]);
    // Other kinds stay visible with their counts (for resolved incidents).
    expect(tally.facets.kind).toEqual([
      { value: "entry", count: 6 },
      { value: "incident", count: 1 },
      { value: "lesson", count: 1 },
    ]);
  });

  it("filters by service, tag and date range on the incident", () => {
    expect(tallyMatches(matches, { service: "api" }, kindOf).total).toBe(3);
    expect(tallyMatches(matches, { tag: "memory-leak", severity: "sev2" }, kindOf).total).toBe(10);
    expect(tallyMatches(matches, { from: "2024-01-01", to: "2024-03-31" }, kindOf).total).toBe(3);
    expect(tallyMatches(matches, { to: "2019-12-19" }, kindOf).allowedIncidentNos).toEqual([1]);
  });
});

describe("match keys", () => {
  it("counts incident number and kind from each match's rowid >> 18", () => {
    const key = (no: number, kind: number, sequence: number) => Math.floor((documentIdBase(no, kind) + sequence) / 2 ** 18);
    const keys = [key(1, 2, 1), key(1, 2, 7), key(1, 3, 1), key(2_000_000, 1, 1)];
    expect(countKeys(keys)).toEqual([
      [1, 2, 2],
      [1, 3, 1],
      [2_000_000, 1, 1],
    ]);
  });
});

describe("grouping and counting limits", () => {
  const id = (no: number, kind: number, sequence: number) => documentIdBase(no, kind) + sequence;

  it("groups scored matches by incident, best incident first, best hits first", () => {
    const groups = groupByIncident(
      [
        [id(1, 2, 1), 1.0],
        [id(2, 2, 1), 3.0],
        [id(1, 2, 2), 5.0],
        [id(1, 3, 1), 0.5],
        [id(1, 1, 1), 4.0],
        [id(3, 2, 1), 3.0],
      ],
      2,
    );
    expect(groups.map((group) => [group.incidentNo, group.best, group.hits.map(([doc]) => doc)])).toEqual([
      [1, 5.0, [id(1, 2, 2), id(1, 1, 1)]],
      [3, 3.0, [id(3, 2, 1)]], // a tie goes to the newer incident
      [2, 3.0, [id(2, 2, 1)]],
    ]);
  });

  it("tells exactly-the-limit from more-than-the-limit", () => {
    expect(limitKeys([5, 4, 3], 3)).toEqual({ keys: [5, 4, 3], capped: false });
    expect(limitKeys([5, 4, 3, 2], 3)).toEqual({ keys: [5, 4, 3], capped: true });
  });
});

describe("library documents (checklist items, runbook steps)", () => {
  const id = (no: number, kind: number, sequence: number) => documentIdBase(no, kind) + sequence;
  const kinds: Record<number, string> = { 2: "entry", 4: "checklist-item", 5: "runbook-step" };
  const counts: MatchCounts = {
    counts: [
      [1, 2, 3],
      [LIBRARY_NO, 4, 2],
      [LIBRARY_NO, 5, 1],
    ],
    incidents: [{ no: 1, status: "resolved", severity: "sev2", services: ["api"], tags: ["memory-leak"], at: "2024-01-02T00:00:00.000Z" }],
    capped: false,
    indexFormat: 2,
  };

  it("count for the kind facet and the total, each as a result group, and fail every incident filter", () => {
    const all = tallyMatches(counts, {}, (code) => kinds[code]);
    expect(all).toMatchObject({ total: 6, totalIncidents: 1, totalGroups: 4 });
    expect(all.facets.kind).toEqual([
      { value: "entry", count: 3 },
      { value: "checklist-item", count: 2 },
      { value: "runbook-step", count: 1 },
    ]);
    expect(all.facets.status).toEqual([{ value: "resolved", count: 3 }]);
    expect(all.facets.year).toEqual([{ value: "2024", count: 3 }]);
    const resolved = tallyMatches(counts, { status: "resolved" }, (code) => kinds[code]);
    expect(resolved).toMatchObject({ total: 3, totalGroups: 1, allowedIncidentNos: [1] });
    expect(resolved.facets.kind).toEqual([{ value: "entry", count: 3 }]);
    expect(tallyMatches(counts, { kind: "checklist-item" }, (code) => kinds[code])).toMatchObject({ total: 2, totalIncidents: 0, totalGroups: 2 });
  });

  it("are groups of their own, ranked among the incidents", () => {
    const groups = groupByIncident(
      [
        [id(1, 2, 1), 2.0],
        [id(LIBRARY_NO, 4, 1), 3.0],
        [id(LIBRARY_NO, 4, 2), 1.0],
        [id(1, 2, 2), 0.5],
      ],
      3,
    );
    expect(groups.map((group) => [group.incidentNo, group.hits.map(([doc]) => doc)])).toEqual([
      [LIBRARY_NO, [id(LIBRARY_NO, 4, 1)]],
      [1, [id(1, 2, 1), id(1, 2, 2)]],
      [LIBRARY_NO, [id(LIBRARY_NO, 4, 2)]],
    ]);
    expect(Number.isSafeInteger(id(LIBRARY_NO, 15, 2 ** 18 - 1))).toBe(true);
  });
});
