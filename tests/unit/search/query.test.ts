import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { MAX_QUERY_LENGTH, parseSearchQuery, toFts5Match, toTsQuery } from "@/lib/search/query";
import { NASTY_QUERIES } from "./nasty-queries";

describe("parseSearchQuery", () => {
  it("searches Chinese words as phrases of their segments", () => {
    const query = parseSearchQuery("内存泄漏");
    expect(query.required).toEqual([[{ terms: ["内存", "泄漏"], prefix: false }]]);
    expect(toFts5Match(query)).toBe('"内存 泄漏"');
    expect(toTsQuery(query)).toBe("('内存' <-> '泄漏')");
  });

  it("reads words, quoted phrases, prefixes, OR and exclusions", () => {
    const query = parseSearchQuery('"slot migration" migrat* redis OR memcached -failover');
    expect(query.required).toEqual([
      [{ terms: ["slot", "migration"], prefix: false }],
      [{ terms: ["migrat"], prefix: true }],
      [
        { terms: ["redis"], prefix: false },
        { terms: ["memcached"], prefix: false },
      ],
    ]);
    expect(query.excluded).toEqual([{ terms: ["failover"], prefix: false }]);
    expect(toFts5Match(query)).toBe('("slot migration" AND "migrat" * AND ("redis" OR "memcached")) NOT ("failover")');
    expect(toTsQuery(query)).toBe("('slot' <-> 'migration') & 'migrat':* & ('redis' | 'memcached') & !('failover')");
  });

  it("treats flags, operators and SQL as plain words", () => {
    expect(parseSearchQuery("--enable-prof").required).toEqual([[{ terms: ["enable", "prof"], prefix: false }]]);
    expect(parseSearchQuery("NOT jemalloc valgrind").excluded).toEqual([{ terms: ["jemalloc"], prefix: false }]);
    expect(toFts5Match(parseSearchQuery("'; DROP TABLE \"Incident\"; --"))).toBe('"drop" AND "table" AND "incident"');
    expect(toFts5Match(parseSearchQuery("NEAR(a b) AND (c"))).toBe('"near a" AND "b" AND "c"');
    expect(toFts5Match(parseSearchQuery('"unclosed phrase'))).toBe('"unclosed phrase"');
  });

  it("answers unusable input with a sentence (HTTP 400), never anything else", () => {
    expect(() => parseSearchQuery("   ")).toThrow(/enter something/);
    expect(() => parseSearchQuery("x".repeat(MAX_QUERY_LENGTH + 1))).toThrow(/limit is 500/);
    expect(() => parseSearchQuery("*** ((( )))")).toThrow(/no letters or digits/);
    expect(() => parseSearchQuery("-redis")).toThrow(/not only words to exclude/);
    expect(() => parseSearchQuery("a*")).toThrow(/at least 2 letters/);
    expect(parseSearchQuery("内*").required).toEqual([[{ terms: ["内"], prefix: true }]]);
    expect(() => parseSearchQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toThrow(/at most 32/);
  });

  it("turns every nasty query into a valid query or an InvalidInputError", () => {
    for (const raw of NASTY_QUERIES) {
      try {
        const query = parseSearchQuery(raw);
        // Compiled terms are letters/digits only, so quoting in both syntaxes is exact.
        for (const phrase of [...query.required.flat(), ...query.excluded]) for (const term of phrase.terms) expect(term).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
        expect(toFts5Match(query)).not.toBe("");
        expect(toTsQuery(query)).not.toBe("");
      } catch (error) {
        expect(error, raw).toBeInstanceOf(InvalidInputError);
      }
    }
  });
});
