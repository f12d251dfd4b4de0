import type { Phrase } from "./query";
import { isUnspacedTerm, isWordCharacterAt, tokenize, tokenizeUnsegmented, type Token } from "./tokens";

/**
 * Highlighted snippets, made in JavaScript from the stored display text with the same tokenizer that
 * built the index — so both databases produce identical snippets (FTS5's highlight() would mark the
 * segmented, space-separated form instead of the text people wrote).
 * Output is HTML: text escaped, matches wrapped in <mark>.
 */

export const SNIPPET_LENGTH = 220;
/** Matches beyond this point of a very long text are not looked for; the snippet shows the start. */
const SCANNED_CHARACTERS = 50_000;
const LEAD_IN = 50;
/** Segmenting Chinese runs at ~1 M characters/s is what snippets cost: look at a few neighbourhoods only. */
const OCCURRENCES_PER_PHRASE = 3;
const MAX_WINDOWS = 6;

interface Span {
  start: number;
  end: number;
  phrase: number;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const HTML_SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]) : text;
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

type IndexedPhrase = [phrase: Phrase, index: number];

function spansIn(text: string, from: number, to: number, phrases: IndexedPhrase[], spans: Span[]): void {
  // A Chinese/Japanese run can only yield a query word if it contains that word's characters.
  const unspacedTerms = phrases.flatMap(([phrase]) => phrase.terms.filter(isUnspacedTerm));
  // Without Chinese/Japanese query words no run is segmented, and plain text has a fast tokenizer.
  const tokens =
    (unspacedTerms.length === 0 ? tokenizeUnsegmented(text, from, to) : null) ?? tokenize(text.slice(from, to), (run) => unspacedTerms.some((term) => run.includes(term)));
  for (let i = 0; i < tokens.length; i++) {
    for (const [phrase, index] of phrases) {
      if (matches(tokens, phrase, i)) spans.push({ start: from + tokens[i].start, end: from + tokens[i + phrase.terms.length - 1].end, phrase: index });
    }
  }
}

/**
 * A phrase of Chinese/Japanese words is marked where its characters occur. The document matched the
 * segmented phrase in the index already; segmenting its text again only to place the marks would
 * cost more than the whole search (ICU segments about a million characters a second).
 */
function unspacedSpans(text: string, phrase: Phrase, index: number, spans: Span[]): void {
  const needle = phrase.terms.join("");
  let found = 0;
  for (let at = text.indexOf(needle); at >= 0 && found < 50; at = text.indexOf(needle, at + needle.length), found++) {
    spans.push({ start: at, end: at + needle.length, phrase: index });
  }
}

/** Moves an offset outwards to the nearest character that is not part of a word (at most 40 away). */
function wordBoundary(text: string, at: number, step: -1 | 1): number {
  let position = at;
  for (let moved = 0; moved < 40 && position > 0 && position < text.length && isWordCharacterAt(text, position); moved++) position += step;
  return Math.max(0, Math.min(text.length, position));
}

/**
 * Where the phrases match. Tokenizing (segmenting) is the costly part, so only the neighbourhoods of
 * plain-text occurrences of each phrase's first term are tokenized. Matches that exist only in folded
 * form (full-width letters, accents) are found near the start of the text, where the snippet then is.
 */
export function matchSpans(text: string, allPhrases: Phrase[]): Span[] {
  const spans: Span[] = [];
  const phrases: IndexedPhrase[] = [];
  allPhrases.forEach((phrase, index) => {
    if (phrase.terms.every(isUnspacedTerm)) unspacedSpans(text, phrase, index, spans);
    else phrases.push([phrase, index]);
  });
  if (phrases.length === 0) return spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const lower = text.toLowerCase();
  if (lower.length !== text.length) {
    spansIn(text, 0, Math.min(text.length, SCANNED_CHARACTERS), phrases, spans);
    return spans.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  const windows: Array<[number, number]> = [];
  for (const [phrase] of phrases) {
    let from = 0;
    let found = 0;
    for (let at = lower.indexOf(phrase.terms[0], from); at >= 0 && found < OCCURRENCES_PER_PHRASE; at = lower.indexOf(phrase.terms[0], from)) {
      windows.push([wordBoundary(text, at - LEAD_IN - 20, -1), wordBoundary(text, at + SNIPPET_LENGTH, 1)]);
      from = at + phrase.terms[0].length;
      found++;
    }
  }
  if (windows.length === 0) {
    // No plain occurrence: usually the hit matched on its title. Only the start is shown then, so
    // only the start is looked at (a folded-form match there — "ｍｅｍｏｒｙ", "café" — still gets marked).
    spansIn(text, 0, Math.min(text.length, SNIPPET_LENGTH * 3), phrases, spans);
  } else {
    windows.sort((a, b) => a[0] - b[0]);
    windows.splice(MAX_WINDOWS);
    let [start, end] = windows[0] ?? [0, 0];
    for (const [from, to] of windows.slice(1)) {
      if (from <= end) end = Math.max(end, to);
      else {
        spansIn(text, start, end, phrases, spans);
        [start, end] = [from, to];
      }
    }
    if (end > start) spansIn(text, start, end, phrases, spans);
  }
  // No span repeats: merged windows do not overlap, and each phrase is looked for once per token.
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

/** Whitespace other than single spaces between words: what `replace(/\s+/g, " ").trim()` would change. */
const UNEVEN_WHITESPACE = /[^\S ]|\s\s|^\s|\s$/;

/**
 * The text with every run of whitespace as one space and none at either end. Most texts are like that
 * already, and testing for it costs a third of the replacement.
 */
function singleSpaced(text: string): string {
  return UNEVEN_WHITESPACE.test(text) ? text.replace(/\s+/g, " ").trim() : text;
}

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/** The window of `text` holding the most different query phrases, with matches marked. */
export function snippet(text: string, phrases: Phrase[], length = SNIPPET_LENGTH): string {
  const flat = singleSpaced(text);
  if (flat.length <= length) return highlightText(flat, phrases);
  const spans = matchSpans(flat, phrases);
  let bestStart = 0;
  let bestAnchor = 0;
  let bestScore = -1;
  for (const anchor of spans) {
    const start = Math.max(0, anchor.start - LEAD_IN);
    // Different phrases inside the window (a bit per phrase: at most MAX_PHRASES, 32), then spans inside.
    let phrasesInside = 0;
    let inside = 0;
    for (const span of spans) {
      if (span.start >= start && span.end <= start + length) {
        phrasesInside |= 1 << span.phrase;
        inside++;
      }
    }
    const score = bitCount(phrasesInside) * 1000 + inside;
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
