import { isUnspacedTerm, terms } from "./tokens";

/**
 * What the database indexes for a title or body: its terms, then its pair terms.
 *
 * Intl.Segmenter leaves many everyday Chinese words as single characters (排查 → 排 查, 监控 → 监 控,
 * 重启 → 重 启), and a phrase of two very common characters is the slowest lookup there is: the
 * database reads the positions of every document holding both characters to find those where they
 * stand side by side — and SQLite's bm25 does it once more over the whole table to weigh the phrase
 * (8 of the 12 ms of such a search on 100,000 entries). So every run of single-character terms is
 * also indexed as its overlapping pairs ("排 查 日 志" → "0排查 0查日 0日志"), after the text's own
 * terms, and a query phrase that is exactly such a run is looked up by its pairs: an ordinary term
 * instead of a positional phrase.
 *
 * The answers stay exactly the same. Characters c1 … ck (k ≥ 2) stand side by side in a document's
 * terms only inside one run of single-character terms, and then the pairs c1c2 … ck−1ck stand side
 * by side among that run's pairs; RUN_GAP keeps the pairs of different runs apart. Documents and
 * queries get their terms from the same tokenizer, so "single character" means the same on both
 * sides. A character alone in a query (查 in "查 日志") still matches the single-character terms,
 * which stay in the index as they were.
 *
 * Nothing a person types can match a pair term: PAIR_MARK is a digit, and the tokenizer never puts a
 * digit and a Chinese/Japanese letter into one term; a prefix search needs two characters (query.ts),
 * so "0*" is refused. Both databases keep "0排查" as one token (FTS5 unicode61; PostgreSQL "numword").
 */
export const PAIR_MARK = "0";
/** Between the pairs of two runs, so that they never stand side by side; a pair term has two characters after the mark, this one. */
const RUN_GAP = `${PAIR_MARK}一`;

/** One character (one code point) of a script written without spaces. */
function isSingleCharacter(term: string): boolean {
  const first = term.codePointAt(0);
  return first !== undefined && term.length === (first > 0xffff ? 2 : 1) && isUnspacedTerm(term);
}

/** The pair terms of a document's terms: each run of two or more single characters as its overlapping pairs. */
export function pairTerms(terms: string[]): string[] {
  const pairs: string[] = [];
  let runStart = -1;
  const endRun = (end: number) => {
    if (runStart >= 0 && end - runStart >= 2) {
      if (pairs.length > 0) pairs.push(RUN_GAP);
      for (let i = runStart; i + 1 < end; i++) pairs.push(`${PAIR_MARK}${terms[i]}${terms[i + 1]}`);
    }
    runStart = -1;
  };
  for (let i = 0; i < terms.length; i++) {
    if (!isSingleCharacter(terms[i])) endRun(i);
    else if (runStart < 0) runStart = i;
  }
  endRun(terms.length);
  return pairs;
}

/**
 * The pair terms to look a phrase up by, in order — when the phrase is exactly a run of two or more
 * single characters and not a prefix search; otherwise null (the phrase is looked up by its terms).
 */
export function phrasePairs(terms: string[], prefix: boolean): string[] | null {
  if (prefix || terms.length < 2 || !terms.every(isSingleCharacter)) return null;
  return terms.slice(1).map((term, i) => `${PAIR_MARK}${terms[i]}${term}`);
}

/** What the database indexes for a title or body: its terms, then its pair terms, separated by single spaces. */
export function indexText(text: string): string {
  const textTerms = terms(text);
  const pairs = pairTerms(textTerms);
  return (pairs.length > 0 ? [...textTerms, ...pairs] : textTerms).join(" ");
}
