/**
 * The one tokenizer of search: documents and queries go through the same code, so a word found in
 * a document is spelled the same way in a query. Neither SQLite FTS5 (`unicode61`) nor PostgreSQL's
 * `simple` parser splits unspaced Chinese or Japanese, so the database never tokenizes on its own:
 * it receives terms that are already normalised and separated by single spaces (see index-text.ts).
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
const PLAIN_CJK_CHARACTER = (code: number) => (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3041 && code <= 0x3096) || (code >= 0x30a1 && code <= 0x30fa) || code === 0x30fc;

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

/**
 * tokenize(text.slice(from, to), () => false) for the common case of plain ASCII and Chinese/Japanese
 * text, without its per-word regular expressions and normalisation (highlighting English words in a
 * page of results spent most of its time there): an ASCII letter-or-digit run is one term, lower-cased;
 * an unspaced run stays one unsegmented term. Offsets are relative to `from`, as in the slice. Null when
 * the text holds anything else a word can be made of (accents, full-width letters, other scripts),
 * which only tokenize folds correctly.
 */
export function tokenizeUnsegmented(text: string, from: number, to: number): Token[] | null {
  const tokens: Token[] = [];
  const lower = text.slice(from, to).toLowerCase();
  if (lower.length !== to - from) return null;
  let pieceStart = 0;
  let pieceClass: CharacterClass = SEPARATOR;
  // One loop past the end closes the last piece (no closure: this runs for every word of a results page).
  for (let i = 0; i <= lower.length; i++) {
    if (i === lower.length) {
      if (pieceClass !== SEPARATOR) tokens.push({ term: lower.slice(pieceStart, Math.min(i, pieceStart + MAX_TERM_LENGTH)), start: pieceStart, end: i });
      break;
    }
    const code = text.charCodeAt(from + i);
    let current: CharacterClass;
    if (code < 0x80) current = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? WORD : code >= 0x30 && code <= 0x39 ? WORD : SEPARATOR;
    else if (PLAIN_CJK_CHARACTER(code)) current = UNSPACED_WORD;
    else if ((code < 0xd800 || code > 0xdfff) && characterClass(code) === SEPARATOR) current = SEPARATOR;
    else return null;
    if (current !== pieceClass) {
      if (pieceClass !== SEPARATOR) tokens.push({ term: lower.slice(pieceStart, Math.min(i, pieceStart + MAX_TERM_LENGTH)), start: pieceStart, end: i });
      pieceStart = i;
      pieceClass = current;
    }
  }
  return tokens;
}

/** Just the terms (queries). */
export function terms(text: string): string[] {
  return tokenize(text).map((token) => token.term);
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
