import { Fragment } from "react";

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

/**
 * Renders the search API's highlighted text (HTML-escaped, matches in <mark>) as React nodes — no
 * dangerouslySetInnerHTML, so nothing but <mark> can ever reach the page.
 */
export function Highlighted({ html }: { html: string }) {
  const parts = html.split(/(<mark>[\s\S]*?<\/mark>)/);
  return (
    <>
      {parts.map((part, index) =>
        part.startsWith("<mark>") && part.endsWith("</mark>") ? <mark key={index}>{unescape(part.slice(6, -7))}</mark> : <Fragment key={index}>{unescape(part)}</Fragment>,
      )}
    </>
  );
}
