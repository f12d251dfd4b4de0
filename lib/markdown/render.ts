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

/** Markdown → safe HTML (GFM tables, task lists, code; no raw HTML, no script URLs). */
export function renderMarkdown(markdown: string): string {
  if (!markdown.trim()) return "";
  return String(processor.processSync(markdown));
}
