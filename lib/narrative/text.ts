import type { DraftLesson } from "./draft";

/** Small text helpers of narrative import: tidy bodies, derive titles, split lessons into items. */

const BULLET = /^\s*[•·▪●◦]\s*/u;
const ITEM_START = /^\s*(?:\d{1,2}\s*[、.)）]|[-*+•·▪●◦])\s*/u;

/**
 * Lines → a Markdown body: pasted bullets (•) become list items, indentation outside code fences is
 * dropped (four pasted spaces would otherwise turn a sentence into a code block), blank runs shrink.
 */
export function tidyBody(lines: string[]): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence || /^\s*(```|~~~)/.test(line)) {
      out.push(line.trimEnd());
      continue;
    }
    out.push(line.replace(BULLET, "- ").trim());
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

/** Up to `limit` characters of whole clauses: "代码 review 需要从功能视角去走读代码，不能只关注 diff 不同". */
export function clauseTitle(sentence: string, limit = 60): string {
  const text = sentence.replace(/\s+/g, " ").trim();
  if (text.length <= limit) return text;
  const clauses = text.split(/(?<=[，,；;：:])\s*/u);
  let title = "";
  for (const clause of clauses) {
    const candidate = title ? `${title}${/[，；：]$/u.test(title) ? "" : " "}${clause}` : clause;
    if (candidate.length > limit) break;
    title = candidate;
  }
  return (title || text.slice(0, limit)).replace(/[，,；;：:]\s*$/u, "") + (title ? "" : "…");
}

/** The first sentence of a body, as a title (placeholders and list markers skipped). */
export function sentenceTitle(body: string, limit = 80): string {
  const line = body
    .split("\n")
    .map((text) => text.replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)、]\s*)/, "").replace(/[*_`]/g, "").trim())
    .find((text) => text && !text.startsWith("(image placeholder"));
  if (!line) return "";
  const sentence = line.split(/(?<=[。！？!?])|(?<=\.)\s/u)[0].replace(/[。.]$/u, "");
  return clauseTitle(sentence, limit);
}

/** A lessons section → one lesson per numbered or bulleted item (or per paragraph when there are none). */
export function lessonItems(lines: Array<{ text: string; line: number }>): DraftLesson[] {
  const items: Array<{ text: string[]; first: number; last: number }> = [];
  const hasItems = lines.some((line) => ITEM_START.test(line.text));
  for (const { text, line } of lines) {
    const startsItem = hasItems ? ITEM_START.test(text) : text.trim() !== "" && (items.length === 0 || items[items.length - 1].text.at(-1)?.trim() === "");
    if (startsItem) items.push({ text: [text.replace(ITEM_START, "")], first: line, last: line });
    else if (items.length) {
      items[items.length - 1].text.push(text);
      if (text.trim()) items[items.length - 1].last = line;
    }
  }
  return items
    .map((item) => ({ body: tidyBody(item.text), lines: [item.first, item.last] as [number, number] }))
    .filter((item) => item.body)
    .map((item) => ({ title: sentenceTitle(item.body, 60) || item.body.slice(0, 60), body: item.body, lines: item.lines }));
}
