import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/markdown/render";

describe("renderMarkdown", () => {
  it("renders GFM tables, task lists, code and Chinese", () => {
    const html = renderMarkdown("| a | b |\n|---|---|\n| 内存 | 泄漏 |\n\n- [x] fixed\n\n```c\ndecrRefCount(keys[j]);\n```");
    expect(html).toContain("<table>");
    expect(html).toContain("<td>内存</td>");
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain('<code class="language-c">decrRefCount(keys[j]);');
  });

  it("keeps mermaid fences findable for the diagram renderer", () => {
    expect(renderMarkdown("```mermaid\ngraph LR; A-->B\n```")).toContain('class="language-mermaid"');
  });

  it.each([
    ["<script>window.pwned=1</script>", /<script/i],
    ['<img src=x onerror="window.pwned=1">', /onerror/i],
    ["[click](javascript:window.pwned=1)", /javascript:/i],
    ['<a href="javascript:alert(1)">x</a>', /javascript:/i],
    ['<svg onload="alert(1)"><circle/></svg>', /onload|<svg/i],
    ['<iframe src="https://example.com"></iframe>', /<iframe/i],
    ["![x](javascript:alert(1))", /javascript:/i],
  ])("neutralises %s", (source, forbidden) => {
    expect(renderMarkdown(source)).not.toMatch(forbidden);
  });
});

describe("renderMarkdown cache", () => {
  it("returns identical HTML for repeated input and stays correct for distinct input", () => {
    const first = renderMarkdown("**bold** 内存");
    expect(renderMarkdown("**bold** 内存")).toBe(first);
    expect(renderMarkdown("**bold** 泄漏")).toContain("泄漏");
    expect(renderMarkdown("<script>x</script>")).not.toContain("<script");
    expect(renderMarkdown("<script>x</script>")).not.toContain("<script");
  });
});
