/**
 * The one tokenizer of search: documents and queries go through the same code, so a word found in
 * a document is spelled the same way in a query. Neither SQLite FTS5 (`unicode61`) nor PostgreSQL's
 * `simple` parser splits unspaced Chinese or Japanese, so the database never tokenizes on its own:
 * it receives terms that are already normalised and separated by single spaces (see indexText).
 */

/** A term and where the word it came from sits in the original text (for highlighting). */
export interface Token {
  term: string;
  start: number;
  end: number;
}

/** Runs of letters, digits and combining marks: everything else separates words. */
const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;

// Scripts written without spaces between words: Intl.Segmenter splits them by dictionary. The
// spacing voicing marks and 々〆ー belong to the Japanese run they follow.
const UNSPACED = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\u3005\\u3006\\u30fc\\u309b\\u309c";
const SCRIPT_PIECES = new RegExp(`[${UNSPACED}]+|[^${UNSPACED}]+`, "gu");
const IS_UNSPACED = new RegExp(`^[${UNSPACED}]`, "u");
const LATIN_DIACRITICS = /(?<=\p{Script=Latin})\p{M}+/gu;
const NOT_TERM_CHARACTER = /[^\p{L}\p{N}\p{M}]+/u;

/** Longer "words" (hashes, base64) are cut: the same cut applies to queries, so they still match. */
export const MAX_TERM_LENGTH = 64;

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

// Segmenting is the slow part of indexing (ICU dictionary lookups), and incident text repeats the
// same short runs ("内存", "泄漏") constantly: a bounded cache of run → word offsets pays off.
const SEGMENT_CACHE_LIMIT = 20_000;
const segmentCache = new Map<string, Array<[number, number]>>();

function segmentRun(run: string): Array<[number, number]> {
  const cached = segmentCache.get(run);
  if (cached) return cached;
  const words: Array<[number, number]> = [];
  for (const part of segmenter.segment(run)) {
    if (part.isWordLike !== false) words.push([part.index, part.index + part.segment.length]);
  }
  if (run.length <= 32) {
    if (segmentCache.size >= SEGMENT_CACHE_LIMIT) segmentCache.clear();
    segmentCache.set(run, words);
  }
  return words;
}

/**
 * Case, width and Latin accents do not matter: "Ｒｅｄｉｓ", "REDIS" and "redis" are one term, as
 * are "café" and "cafe". Other scripts keep their marks (they change the word).
 */
export function foldTerm(word: string): string[] {
  const folded = word.normalize("NFKC").toLowerCase().normalize("NFD").replace(LATIN_DIACRITICS, "").normalize("NFC");
  // NFKC can turn one character into several, some of them punctuation ("½" → "1⁄2").
  return folded
    .split(NOT_TERM_CHARACTER)
    .filter(Boolean)
    .map((term) => (term.length > MAX_TERM_LENGTH ? term.slice(0, MAX_TERM_LENGTH) : term));
}

/** Every term of a text, in order, with the offsets of the word it came from. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const run of text.matchAll(WORD_RUN)) {
    const runStart = run.index;
    for (const piece of run[0].matchAll(SCRIPT_PIECES)) {
      const pieceStart = runStart + piece.index;
      const words: Array<[number, number]> = IS_UNSPACED.test(piece[0]) ? segmentRun(piece[0]) : [[0, piece[0].length]];
      for (const [from, to] of words) {
        for (const term of foldTerm(piece[0].slice(from, to))) tokens.push({ term, start: pieceStart + from, end: pieceStart + to });
      }
    }
  }
  return tokens;
}

/** Just the terms (queries). */
export function terms(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}

/** What the database indexes: the terms separated by single spaces. */
export function indexText(text: string): string {
  return terms(text).join(" ");
}

/** True for terms of the unspaced scripts, where a single character is already a meaningful word. */
export function isUnspacedTerm(term: string): boolean {
  return IS_UNSPACED.test(term);
}
