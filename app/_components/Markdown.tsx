import { renderMarkdown } from "@/lib/markdown/render";
import { RenderedMarkdown } from "./RenderedMarkdown";

/** Server side: Markdown → sanitised HTML (renderMarkdown) → shown with mermaid fences drawn. */
export function Markdown({ source, testId, lang }: { source: string; testId?: string; lang?: string }) {
  const html = renderMarkdown(source);
  if (!html) return null;
  if (lang) {
    return (
      <div lang={lang}>
        <RenderedMarkdown html={html} testId={testId} />
      </div>
    );
  }
  return <RenderedMarkdown html={html} testId={testId} />;
}
