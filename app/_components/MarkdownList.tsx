import { Markdown } from "./Markdown";

/** A bulleted list whose items are short Markdown (contributing factors): each rendered and sanitised. */
export function MarkdownList({ items, testId }: { items: string[]; testId?: string }) {
  return (
    <ul className="markdown-list" data-testid={testId}>
      {items.map((item, index) => (
        <li key={`${index}-${item}`}>
          <Markdown source={item} />
        </li>
      ))}
    </ul>
  );
}
