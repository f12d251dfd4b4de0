import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

/**
 * GitHub's sanitising rules, plus `language-*` classes on code so ```mermaid fences can be found and
 * drawn in the browser. Raw HTML in Markdown is dropped (remark-rehype without allowDangerousHtml),
 * and sanitising removes `javascript:` links and event handlers from everything else.
 */
const schema: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [...(defaultSchema.attributes?.code ?? []), ["className", /^language-[\w-]+$/] as [string, RegExp]],
  },
};

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeSanitize, schema).use(rehypeStringify);

/**
 * Rendering costs about a millisecond per body, so a 500-entry incident page would spend most of its
 * time here on every request. Rendering is pure, so results are kept in a least-recently-used cache
 * bounded by total size.
 */
const CACHE_LIMIT_CHARS = 32 * 1024 * 1024;
const cache = new Map<string, string>();
let cachedChars = 0;

function remember(markdown: string, html: string): void {
  cache.set(markdown, html);
  cachedChars += markdown.length + html.length;
  for (const [oldest, oldestHtml] of cache) {
    if (cachedChars <= CACHE_LIMIT_CHARS) break;
    cache.delete(oldest);
    cachedChars -= oldest.length + oldestHtml.length;
  }
}

/** Markdown → safe HTML (GFM tables, task lists, code; no raw HTML, no script URLs). */
export function renderMarkdown(markdown: string): string {
  if (!markdown.trim()) return "";
  const hit = cache.get(markdown);
  if (hit !== undefined) {
    cache.delete(markdown); // re-insert: Map order is the recency order
    cache.set(markdown, hit);
    return hit;
  }
  const html = String(processor.processSync(markdown));
  remember(markdown, html);
  return html;
}
