import { describe, expect, it } from "vitest";
import { markdownToPlainText } from "@/lib/search/plain-text";
import { indexText } from "@/lib/search/index-text";
import { MAX_TERM_LENGTH, terms, tokenize } from "@/lib/search/tokens";

describe("tokenize", () => {
  it("segments unspaced Chinese into words, so words inside a long run are separate terms", () => {
    const title = terms("线上问题排查实例分析|关于 Redis 内存泄漏");
    expect(title).toEqual(expect.arrayContaining(["排", "查", "内存", "泄漏", "redis"]));
    expect(title).not.toContain("线上问题排查实例分析");
    // The query side splits the same way, so a phrase of its terms is found inside the document's.
    const document = indexText("slot 的所属 key 集合记录,把跳跃表改为了4.0以后的基数树结构");
    expect(` ${document} `).toContain(` ${terms("跳跃表").join(" ")} `);
    expect(` ${document} `).toContain(` ${terms("基数树").join(" ")} `);
    expect(` ${indexText("线上问题排查实例分析")} `).toContain(` ${terms("排查").join(" ")} `);
  });

  it("segments Japanese (kanji and kana together)", () => {
    expect(terms("メモリリークの調査を行いました")).toEqual(expect.arrayContaining(["メモリ", "リーク", "調査"]));
  });

  it("folds case, full-width forms and Latin accents; keeps identifiers whole", () => {
    expect(terms("Ｒｅｄｉｓ REDIS redis")).toEqual(["redis", "redis", "redis"]);
    expect(terms("Café naïve")).toEqual(["cafe", "naive"]);
    expect(terms("getKeysInSlot sdshdr8 4ce35dea")).toEqual(["getkeysinslot", "sdshdr8", "4ce35dea"]);
  });

  it("splits on punctuation the way both databases will see it", () => {
    expect(terms("3.2.8 --enable-prof can't foo_bar c++")).toEqual(["3", "2", "8", "enable", "prof", "can", "t", "foo", "bar", "c"]);
    expect(indexText("第二天10:00")).toBe("第二 天 10 00");
    expect(indexText("")).toBe("");
    expect(indexText("!!! ... ***")).toBe("");
  });

  it("reports where each word is in the original text", () => {
    const text = "把跳跃表改为 Redis";
    for (const token of tokenize(text)) expect(terms(text.slice(token.start, token.end))).toContain(token.term);
    expect(tokenize(text).find((token) => token.term === "redis")).toMatchObject({ start: 7, end: 12 });
  });

  it("cuts very long words the same way in documents and queries", () => {
    const long = "a".repeat(200);
    expect(terms(long)).toEqual(["a".repeat(MAX_TERM_LENGTH)]);
  });
});

describe("markdownToPlainText", () => {
  it("keeps words and drops Markdown syntax that would show in snippets", () => {
    const markdown = "## Heading\n\n- **bold** and _em_ with `code`\n- [link text](https://example.com/x)\n\n```\nredis-cli info\n```\n<!-- hidden -->\n| a | b |\n|---|---|";
    const plain = markdownToPlainText(markdown);
    expect(plain).toContain("Heading");
    expect(plain).toContain("bold and em with code");
    expect(plain).toContain("link text");
    expect(plain).toContain("redis-cli info");
    expect(plain).not.toMatch(/\*\*|`|https:|hidden|---|##/);
  });
});
