import fs from "node:fs";
import path from "node:path";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { portableIncident } from "@/lib/content/portable";
import { renderIncidentFile } from "@/lib/content/render";
import { awkwardIncident } from "./awkward-incidents";

const EXAMPLE = path.resolve(__dirname, "../../../content/incidents/redis-slot-migration-leak.md");

/** What a GitHub-like renderer shows: GFM to HTML, raw HTML (our comments) dropped. */
function toHtml(markdown: string): string {
  const body = markdown.slice(markdown.indexOf("\n---\n", 3) + 5);
  return String(unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).processSync(body));
}

describe("how a content file displays", () => {
  const html = toHtml(fs.readFileSync(EXAMPLE, "utf8"));

  it("hides every marker", () => {
    expect(html).not.toContain("casebook:");
    expect(html).not.toContain("&#x3C;!--");
  });

  it("shows sections, days and entries as headings, in order", () => {
    const headings = [...html.matchAll(/<h([1-4])>(.*?)<\/h\1>/g)].map((match) => `${match[1]} ${match[2].replace(/<[^>]+>/g, "")}`);
    expect(headings.slice(0, 9)).toEqual([
      "1 Redis memory leak after slot migration in a customised 3.2.8 fork",
      "2 Summary",
      "3 Summary in the original language (zh)",
      "2 Impact",
      "2 Root cause",
      "2 Contributing factors",
      "2 Timeline",
      "3 Day 1 · 2019-12-19",
      "4 16:30 · Observation · Alert after scale-in: memory at 90 % with only ~10k keys",
    ]);
    expect(headings).toContain("3 Day 2 · 2019-12-20");
    expect(headings).toEqual(expect.arrayContaining(["2 Hypotheses", "2 Links between entries", "2 Action items", "2 Lessons", "2 Attachments"]));
  });

  it("offers both diagrams as mermaid code blocks and the hypotheses as a table", () => {
    expect(html.match(/<code class="language-mermaid">/g)).toHaveLength(2);
    expect(html).toContain("<th>Hypothesis</th>");
    expect(html).toMatch(/<td>The backported rax tree leaks during slot migration<\/td>\s*<td><strong>refuted<\/strong><\/td>/);
  });

  it("shows generated lines literally even when titles hold Markdown or HTML", () => {
    const shown = toHtml(renderIncidentFile(portableIncident(awkwardIncident(2))));
    expect(shown).toContain('<li class="task-list-item"><input type="checkbox" checked disabled> Fix | it &#x3C;now> — corrective, done, owner: KV team, due 2024-04-30, <a href="https://example.com/a?b=c(d)">');
    expect(shown).toContain("<em>Quote \" bracket ] brace } pipe | hash # star * lt &#x3C; gt > 3</em>");
    expect(shown).toContain("— why --> with &#x3C;!-- comment and \"quotes\" </li>");
  });
});
