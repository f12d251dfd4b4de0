import { describe, expect, it } from "vitest";
import { indexText, PAIR_MARK, pairTerms, phrasePairs } from "@/lib/search/index-text";
import { parseSearchQuery, toFts5Match, toTsQuery } from "@/lib/search/query";
import { terms, tokenize, tokenizeUnsegmented } from "@/lib/search/tokens";

/** Where a phrase stands in a list of terms, the way both databases match phrases (consecutive positions). */
function hasPhrase(haystack: string[], phrase: string[]): boolean {
  return haystack.some((_, i) => phrase.every((term, j) => haystack[i + j] === term));
}

/** A small deterministic random source, so a failure can be replayed. */
function randomSource(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe("pair terms", () => {
  it("indexes runs of single-character words as overlapping pairs after the text's own terms", () => {
    // Intl.Segmenter leaves 排查 as two single characters: the case this is for.
    expect(terms("告警排查日志")).toEqual(["告警", "排", "查", "日志"]);
    expect(indexText("告警排查日志")).toBe(`告警 排 查 日志 ${PAIR_MARK}排查`);
    expect(pairTerms(["排", "查", "x", "监", "控", "重", "启", "日志", "天"])).toEqual(["0排查", "0一", "0监控", "0控重", "0重启"]);
    // English, spaced words and lone characters add nothing.
    expect(indexText("Redis memory leak 第二天10:00")).toBe("redis memory leak 第二 天 10 00");
  });

  it("looks up a phrase by its pairs only when it is exactly a run of single characters", () => {
    expect(phrasePairs(["排", "查"], false)).toEqual(["0排查"]);
    expect(phrasePairs(["监", "控", "重", "启"], false)).toEqual(["0监控", "0控重", "0重启"]);
    expect(phrasePairs(["排", "查"], true)).toBeNull(); // 排查* also matches 排查询…
    expect(phrasePairs(["查"], false)).toBeNull();
    expect(phrasePairs(["主", "从", "切换"], false)).toBeNull();
    expect(toFts5Match(parseSearchQuery("排查 日志"))).toBe('"0排查" AND "日志"');
    expect(toTsQuery(parseSearchQuery("排查 日志"))).toBe("'0排查' & '日志'");
    expect(toFts5Match(parseSearchQuery("查 日志"))).toBe('"查" AND "日志"');
  });

  it("finds exactly the documents the phrase of single characters finds", () => {
    const random = randomSource(42);
    // Few characters, so that runs repeat them and phrases often span two runs in the pair terms.
    const characters = ["排", "查", "日", "志"];
    const words = ["日志", "告警", "redis", "0"];
    const pick = () => (random() < 0.75 ? characters[Math.floor(random() * characters.length)] : words[Math.floor(random() * words.length)]);
    let checked = 0;
    for (let n = 0; n < 6000; n++) {
      const document = Array.from({ length: 1 + Math.floor(random() * 14) }, pick);
      const indexed = [...document, ...pairTerms(document)];
      // From the document; chained from consecutive pair terms of any runs (the near misses that pairs
      // of two runs standing side by side would turn into false matches); or anything.
      const from = <T>(source: T[]) => source.slice(Math.floor(random() * source.length)).slice(0, 1 + Math.floor(random() * 3));
      const mode = random();
      const chained = () => {
        const pairs = from(pairTerms(document).filter((term) => term.length === 3));
        return pairs.length ? [pairs[0][1], ...pairs.map((pair) => pair[2])] : [];
      };
      const phrase = mode < 0.4 ? from(document) : mode < 0.8 ? chained() : Array.from({ length: 1 + Math.floor(random() * 4) }, pick);
      if (phrase.length === 0) continue;
      const pairs = phrasePairs(phrase, false);
      // A phrase is found among the unigrams exactly when its pairs are found; other phrases never match a pair.
      expect(hasPhrase(indexed, pairs ?? phrase), `${phrase.join(" ")} in ${document.join(" ")}`).toBe(hasPhrase(document, phrase));
      if (pairs) checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("never produces a term that a search could contain", () => {
    for (const q of ["0排查", "0 排查", "0排*", "0一"]) {
      const query = parseSearchQuery(q);
      for (const phrase of query.required.flat()) for (const term of phrase.terms) expect(/^0\p{Script=Han}/u.test(term), q).toBe(false);
    }
    expect(() => parseSearchQuery("0*")).toThrow(/at least 2/);
  });
});

describe("tokenizeUnsegmented", () => {
  it("gives the same tokens as tokenize without segmenting, or declines", () => {
    const random = randomSource(7);
    const pieces = ["a", "B", "z", "Q", "0", "9", " ", ".", "-", "_", "\n", "内", "存", "ー", "あ", "ア", "。", "，", "é", "Ｒ", "々", "😀", "İ", "ß", "½", "\u0301", "x".repeat(70), "内".repeat(70)];
    let compared = 0;
    for (let n = 0; n < 5000; n++) {
      let text = "";
      for (let i = Math.floor(random() * 16); i > 0; i--) text += pieces[Math.floor(random() * (random() < 0.8 ? 16 : pieces.length))];
      const from = Math.floor(random() * (text.length + 1));
      const to = from + Math.floor(random() * (text.length - from + 1));
      const fast = tokenizeUnsegmented(text, from, to);
      if (fast === null) continue;
      compared++;
      expect(fast, JSON.stringify([text, from, to])).toEqual(tokenize(text.slice(from, to), () => false));
    }
    expect(compared).toBeGreaterThan(2500);
    expect(tokenizeUnsegmented("Café", 0, 4)).toBeNull();
  });
});
