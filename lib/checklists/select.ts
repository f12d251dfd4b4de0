/**
 * Choosing items from the library: by tags, areas and languages (the builder's filters, the export's
 * `?tags=`), or by a saved checklist's name. Unknown words are NotFound (HTTP 404, CLI exit 2) with
 * the valid ones in the message, so a typo is one glance from its fix.
 */
import { NotFoundError } from "../errors";
import type { LibraryItem, LibraryLesson } from "./library";
import { AREAS } from "./vocabulary";

// Type-only imports from ./library (which touches the database layer): the builder runs these filters in the browser.
const libraryItems = (lessons: LibraryLesson[]): LibraryItem[] => lessons.flatMap((lesson) => lesson.items);

export interface ItemFilters {
  /** Any of these among the lesson's tags (areas included) or the item's languages. */
  tags?: string[];
  /** Any of these among the lesson's areas. */
  areas?: string[];
  /** Items for any of these languages, and items that apply to every language. */
  languages?: string[];
}

/** "a, b" and repeated parameters both become one list; blanks drop out. */
export function splitList(values: string | string[] | undefined | null): string[] {
  const all = values === undefined || values === null ? [] : Array.isArray(values) ? values : [values];
  return [...new Set(all.flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean))];
}

export function hasFilters(filters: ItemFilters): boolean {
  return Boolean(filters.tags?.length || filters.areas?.length || filters.languages?.length);
}

/** Every word the filters accept, from what the library holds (sorted, for messages and the builder). */
export function filterVocabulary(lessons: LibraryLesson[]): { tags: string[]; areas: string[]; languages: string[] } {
  const items = libraryItems(lessons);
  const languages = [...new Set(items.flatMap((item) => item.appliesTo.languages))].sort();
  const areas = [...new Set(lessons.flatMap((lesson) => lesson.areas))].sort((a, b) => AREAS.indexOf(a) - AREAS.indexOf(b));
  const tags = [...new Set([...lessons.flatMap((lesson) => lesson.tags), ...languages])].sort();
  return { tags, areas, languages };
}

function requireKnown(kind: string, given: string[] | undefined, valid: string[]) {
  const unknown = (given ?? []).filter((word) => !valid.includes(word));
  if (unknown.length === 0) return;
  const list = valid.length ? valid.join(", ") : "(none: the library has no checklist items yet)";
  throw new NotFoundError(`unknown ${kind}${unknown.length > 1 ? "s" : ""} ${unknown.map((word) => `"${word}"`).join(", ")}; valid ${kind}s: ${list}`);
}

/** Checks every filter word against the library; throws NotFoundError naming the valid ones. */
export function assertKnownFilters(lessons: LibraryLesson[], filters: ItemFilters): void {
  const vocabulary = filterVocabulary(lessons);
  requireKnown("tag", filters.tags, vocabulary.tags);
  requireKnown("area", filters.areas, vocabulary.areas);
  requireKnown("language", filters.languages, vocabulary.languages);
}

/** Whether an item passes the filters: any word within one filter, every filter given. */
export function itemMatchesFilters(item: LibraryItem, filters: ItemFilters): boolean {
  const labels = new Set<string>([...item.lesson.tags, ...item.appliesTo.languages]);
  if (filters.tags?.length && !filters.tags.some((tag) => labels.has(tag))) return false;
  if (filters.areas?.length && !filters.areas.some((area) => (item.lesson.areas as string[]).includes(area))) return false;
  if (filters.languages?.length && item.appliesTo.languages.length > 0) {
    if (!filters.languages.some((language) => (item.appliesTo.languages as string[]).includes(language))) return false;
  }
  return true;
}

/** Items of the library passing the filters, in library order; unknown filter words throw first. */
export function filterItems(lessons: LibraryLesson[], filters: ItemFilters): LibraryItem[] {
  assertKnownFilters(lessons, filters);
  return libraryItems(lessons).filter((item) => itemMatchesFilters(item, filters));
}

/** Filters as text for titles and messages: "tags memory, backport; languages c". */
export function describeFilters(filters: ItemFilters): string {
  const parts: string[] = [];
  if (filters.tags?.length) parts.push(`tags ${filters.tags.join(", ")}`);
  if (filters.areas?.length) parts.push(`areas ${filters.areas.join(", ")}`);
  if (filters.languages?.length) parts.push(`languages ${filters.languages.join(", ")}`);
  return parts.join("; ");
}
