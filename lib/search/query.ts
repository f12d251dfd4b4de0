import { InvalidInputError } from "../errors";
import { phrasePairs } from "./index-text";
import { isUnspacedTerm, terms } from "./tokens";

/**
 * The search language, deliberately small and impossible to get "wrong": words (all must match),
 * "quoted phrases", prefixes (migrat*), OR between two alternatives and -word / NOT word to exclude.
 * Anything else — parentheses, stray quotes, SQL, FTS operators — is just text: it is tokenized like
 * a document, so punctuation disappears and words are searched as words. A Chinese or Japanese word
 * is segmented the way documents are and searched as a phrase ("内存泄漏" → "内存 泄漏").
 */

/** Consecutive terms; with `prefix`, the last term matches any term starting with it. */
export interface Phrase {
  terms: string[];
  prefix: boolean;
}

export interface SearchQuery {
  /** Every group must match; a group matches when any of its phrases does. */
  required: Phrase[][];
  /** No phrase here may match. */
  excluded: Phrase[];
}

export const MAX_QUERY_LENGTH = 500;
const MAX_PHRASES = 32;
const MAX_TERMS_PER_PHRASE = 32;
/** Also what keeps pair terms (index-text.ts: a digit and Chinese characters) out of reach of any search. */
const MIN_PREFIX_LENGTH = 2;

interface Item {
  text: string;
  quoted: boolean;
  prefix: boolean;
  negated: boolean;
}

/** Splits the raw text into quoted phrases, words and the OR / AND / NOT keywords. */
function lex(raw: string): Array<Item | "OR"> {
  const items: Array<Item | "OR"> = [];
  let negateNext = false;
  const pattern = /(-?)"([^"]*)("?)(\*?)|(\S+)/g;
  for (const match of raw.matchAll(pattern)) {
    if (match[5] !== undefined) {
      const word = match[5];
      if (word === "OR" || word === "|" || word === "||") {
        items.push("OR");
        continue;
      }
      if (word === "AND" || word === "&&") continue;
      if (word === "NOT") {
        negateNext = true;
        continue;
      }
      // "-word" excludes; "--enable-prof" or "-1" style text is still searched for.
      const excludes = /^-[\p{L}]/u.test(word);
      const negated = negateNext || excludes;
      const text = excludes ? word.slice(1) : word;
      items.push({ text, quoted: false, prefix: /\*+$/.test(text), negated });
    } else {
      // An unclosed quote runs to the end of the text, which is what the person most likely meant.
      const inner = match[2];
      items.push({ text: inner, quoted: true, prefix: match[4] === "*" || /\*\s*$/.test(inner), negated: negateNext || match[1] === "-" });
    }
    negateNext = false;
  }
  return items;
}

function toPhrase(item: Item, raw: string): Phrase | null {
  const phraseTerms = terms(item.text);
  if (phraseTerms.length === 0) return null;
  if (phraseTerms.length > MAX_TERMS_PER_PHRASE) {
    throw new InvalidInputError(`a phrase can have at most ${MAX_TERMS_PER_PHRASE} words ("${raw.slice(0, 60)}…")`);
  }
  const last = phraseTerms[phraseTerms.length - 1];
  if (item.prefix && !isUnspacedTerm(last) && last.length < MIN_PREFIX_LENGTH) {
    throw new InvalidInputError(`"${item.text.trim()}": a prefix search needs at least ${MIN_PREFIX_LENGTH} letters or digits before the *`);
  }
  return { terms: phraseTerms, prefix: item.prefix };
}

/** Parses what a person typed; throws InvalidInputError (HTTP 400) with a sentence saying why not. */
export function parseSearchQuery(raw: string): SearchQuery {
  const text = raw.trim();
  if (!text) throw new InvalidInputError("enter something to search for");
  if (text.length > MAX_QUERY_LENGTH) {
    throw new InvalidInputError(`the search text is ${text.length} characters long; the limit is ${MAX_QUERY_LENGTH}`);
  }
  const required: Phrase[][] = [];
  const excluded: Phrase[] = [];
  let joinWithPrevious = false;
  for (const item of lex(text)) {
    if (item === "OR") {
      joinWithPrevious = required.length > 0;
      continue;
    }
    const phrase = toPhrase(item, text);
    if (!phrase) continue;
    if (item.negated) excluded.push(phrase);
    else if (joinWithPrevious) required[required.length - 1].push(phrase);
    else required.push([phrase]);
    joinWithPrevious = false;
  }
  const phraseCount = required.flat().length + excluded.length;
  if (phraseCount > MAX_PHRASES) throw new InvalidInputError(`a search can have at most ${MAX_PHRASES} words and phrases; this one has ${phraseCount}`);
  if (required.length === 0) {
    throw new InvalidInputError(
      excluded.length
        ? "a search needs at least one word to look for, not only words to exclude"
        : `"${text.slice(0, 60)}" has no letters or digits to search for`,
    );
  }
  return { required, excluded };
}

/** The phrases whose matches are highlighted (excluded ones never appear in a hit). */
export function highlightPhrases(query: SearchQuery): Phrase[] {
  return query.required.flat();
}

/** The terms a phrase is looked up by: its pair terms when it is a run of single characters (index-text.ts). */
function lookupTerms(phrase: Phrase): string[] {
  return phrasePairs(phrase.terms, phrase.prefix) ?? phrase.terms;
}

/** SQLite FTS5 MATCH syntax. Terms hold only letters, digits and marks, so quoting is exact. */
export function toFts5Match(query: SearchQuery): string {
  const phrase = (p: Phrase) => `"${lookupTerms(p).join(" ")}"${p.prefix ? " *" : ""}`;
  const group = (g: Phrase[]) => (g.length === 1 ? phrase(g[0]) : `(${g.map(phrase).join(" OR ")})`);
  const positive = query.required.map(group).join(" AND ");
  return query.excluded.length ? `(${positive}) NOT (${query.excluded.map(phrase).join(" OR ")})` : positive;
}

/** PostgreSQL tsquery syntax for to_tsquery('simple', …): phrases with <->, prefixes with :*. */
export function toTsQuery(query: SearchQuery): string {
  const phrase = (p: Phrase) => {
    const lookup = lookupTerms(p);
    const lexemes = lookup.map((term, i) => `'${term}'${p.prefix && i === lookup.length - 1 ? ":*" : ""}`);
    return lexemes.length === 1 ? lexemes[0] : `(${lexemes.join(" <-> ")})`;
  };
  const group = (g: Phrase[]) => (g.length === 1 ? phrase(g[0]) : `(${g.map(phrase).join(" | ")})`);
  const positive = query.required.map(group).join(" & ");
  return query.excluded.length ? `${positive} & !(${query.excluded.map(phrase).join(" | ")})` : positive;
}
