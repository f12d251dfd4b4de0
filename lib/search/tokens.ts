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

// Scripts written without spaces between words: Intl.Segmenter splits them by dictionary. The
// spacing voicing marks and 々〆ー belong to the Japanese run they follow.
const UNSPACED = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\u3005\\u3006\\u30fc\\u309b\\u309c";
const IS_UNSPACED = new RegExp(`^[${UNSPACED}]`, "u");
/** Letters, digits and combining marks make words; everything else separates them. */
const IS_WORD_CHARACTER = /^[\p{L}\p{N}\p{M}]$/u;

const SEPARATOR = 1;
const WORD = 2;
const UNSPACED_WORD = 3;
type CharacterClass = typeof SEPARATOR | typeof WORD | typeof UNSPACED_WORD;

// Unicode property regexes cost more than everything else in tokenizing, so each character is
// classified once, by exactly those regexes, and remembered.
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, CharacterClass>();

function characterClass(codePoint: number): CharacterClass {
  const known = codePoint < 0x10000 ? bmpClasses[codePoint] : astralClasses.get(codePoint);
  if (known) return known as CharacterClass;
  const character = String.fromCodePoint(codePoint);
  const computed: CharacterClass = !IS_WORD_CHARACTER.test(character) ? SEPARATOR : IS_UNSPACED.test(character) ? UNSPACED_WORD : WORD;
  if (codePoint < 0x10000) bmpClasses[codePoint] = computed;
  else astralClasses.set(codePoint, computed);
  return computed;
}

const LATIN_DIACRITICS = /(?<=\p{Script=Latin})\p{M}+/gu;
const NOT_TERM_CHARACTER = /[^\p{L}\p{N}\p{M}]+/u;

const ASCII_WORD = /^[A-Za-z0-9]+$/;
/** Hiragana, katakana and unified ideographs: NFKC leaves them as they are. */
const PLAIN_CJK_WORD = /^[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff]+$/;

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
  // Fast paths for the common cases, where folding is only lower-casing: three normalisations per
  // word otherwise dominate the cost of indexing and highlighting.
  if (ASCII_WORD.test(word) || PLAIN_CJK_WORD.test(word)) {
    const lower = word.toLowerCase();
    return [lower.length > MAX_TERM_LENGTH ? lower.slice(0, MAX_TERM_LENGTH) : lower];
  }
  const folded = word.normalize("NFKC").toLowerCase().normalize("NFD").replace(LATIN_DIACRITICS, "").normalize("NFC");
  // NFKC can turn one character into several, some of them punctuation ("½" → "1⁄2").
  return folded
    .split(NOT_TERM_CHARACTER)
    .filter(Boolean)
    .map((term) => (term.length > MAX_TERM_LENGTH ? term.slice(0, MAX_TERM_LENGTH) : term));
}

/**
 * Every term of a text, in order, with the offsets of the word it came from. `segment` may decline to
 * segment an unspaced run (it then stays one token): highlighting skips runs that cannot contain a
 * query word, because segmenting is by far the slowest step.
 */
export function tokenize(text: string, segment: (run: string) => boolean = () => true): Token[] {
  const tokens: Token[] = [];
  const emit = (pieceStart: number, pieceEnd: number, pieceClass: CharacterClass) => {
    const piece = text.slice(pieceStart, pieceEnd);
    const words: Array<[number, number]> = pieceClass === UNSPACED_WORD && segment(piece) ? segmentRun(piece) : [[0, piece.length]];
    for (const [from, to] of words) {
      for (const term of foldTerm(piece.slice(from, to))) tokens.push({ term, start: pieceStart + from, end: pieceStart + to });
    }
  };
  // Pieces are maximal runs of one class: a word in a spaced script, or an unspaced run to segment.
  let pieceStart = 0;
  let pieceClass: CharacterClass = SEPARATOR;
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i)!;
    const current = characterClass(codePoint);
    if (current !== pieceClass) {
      if (pieceClass !== SEPARATOR) emit(pieceStart, i, pieceClass);
      pieceStart = i;
      pieceClass = current;
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
  if (pieceClass !== SEPARATOR) emit(pieceStart, text.length, pieceClass);
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

/** True when the character at `index` belongs to a word (a letter, digit or mark). */
export function isWordCharacterAt(text: string, index: number): boolean {
  const codePoint = text.codePointAt(index);
  return codePoint !== undefined && characterClass(codePoint) !== SEPARATOR;
}

/** True for terms of the unspaced scripts, where a single character is already a meaningful word. */
export function isUnspacedTerm(term: string): boolean {
  const first = term.codePointAt(0);
  return first !== undefined && characterClass(first) === UNSPACED_WORD;
}
