import type { Phrase } from "./query";
import { tokenize, type Token } from "./tokens";

/**
 * Highlighted snippets, made in JavaScript from the stored display text with the same tokenizer that
 * built the index — so both databases produce identical snippets, and Chinese words are marked where
 * the segmenter found them (FTS5's highlight() would mark the inserted-space form instead).
 * Output is HTML: text escaped, matches wrapped in <mark>.
 */

export const SNIPPET_LENGTH = 220;
/** Matches beyond this point of a very long text are not looked for; the snippet shows the start. */
const SCANNED_CHARACTERS = 50_000;
const LEAD_IN = 50;

interface Span {
  start: number;
  end: number;
  phrase: number;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function matches(tokens: Token[], phrase: Phrase, at: number): boolean {
  const last = phrase.terms.length - 1;
  for (let j = 0; j <= last; j++) {
    const token = tokens[at + j];
    if (!token) return false;
    const ok = phrase.prefix && j === last ? token.term.startsWith(phrase.terms[j]) : token.term === phrase.terms[j];
    if (!ok) return false;
  }
  return true;
}

export function matchSpans(text: string, phrases: Phrase[]): Span[] {
  const tokens = tokenize(text.length > SCANNED_CHARACTERS ? text.slice(0, SCANNED_CHARACTERS) : text);
  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    phrases.forEach((phrase, index) => {
      if (matches(tokens, phrase, i)) spans.push({ start: tokens[i].start, end: tokens[i + phrase.terms.length - 1].end, phrase: index });
    });
  }
  return spans.sort((a, b) => a.start - b.start || b.end - a.end);
}

function render(text: string, from: number, to: number, spans: Span[]): string {
  let out = "";
  let cursor = from;
  for (const span of spans) {
    if (span.start < cursor || span.end > to) continue;
    out += escapeHtml(text.slice(cursor, span.start)) + `<mark>${escapeHtml(text.slice(span.start, span.end))}</mark>`;
    cursor = span.end;
  }
  return out + escapeHtml(text.slice(cursor, to));
}

/** All of a short text (a title) with its matches marked. */
export function highlightText(text: string, phrases: Phrase[]): string {
  return render(text, 0, text.length, matchSpans(text, phrases));
}

/** The window of `text` holding the most different query phrases, with matches marked. */
export function snippet(text: string, phrases: Phrase[], length = SNIPPET_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= length) return highlightText(flat, phrases);
  const spans = matchSpans(flat, phrases);
  let bestStart = 0;
  let bestAnchor = 0;
  let bestScore = -1;
  for (const anchor of spans) {
    const start = Math.max(0, anchor.start - LEAD_IN);
    const inside = spans.filter((span) => span.start >= start && span.end <= start + length);
    const score = new Set(inside.map((span) => span.phrase)).size * 1000 + inside.length;
    if (score > bestScore) [bestScore, bestStart, bestAnchor] = [score, start, anchor.start];
  }
  // Start after a nearby space, so the snippet does not open mid-word (never past the first match).
  if (bestStart > 0) {
    const space = flat.indexOf(" ", bestStart);
    if (space >= 0 && space - bestStart < 15 && space < bestAnchor) bestStart = space + 1;
  }
  const end = Math.min(flat.length, bestStart + length);
  return `${bestStart > 0 ? "…" : ""}${render(flat, bestStart, end, spans)}${end < flat.length ? "…" : ""}`;
}
