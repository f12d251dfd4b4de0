import type { Db } from "../db/client";
import { portableIncident } from "../content/portable";
import { formatZonedIso, resolveEntryTime, slugify, uniqueKey } from "../domain";
import { CasebookError, InvalidInputError } from "../errors";
import { importPortables } from "../incidents/import-export";
import { parseInput } from "../validation/parse";
import { narrativeSaveSchema } from "./draft";

export interface SavedNarrative {
  slug: string;
  url: string;
  entries: number;
  lessons: number;
}

/**
 * Saves a reviewed draft as a new incident, all-or-nothing, through the same path as content
 * imports (revisions, search index). An existing slug is refused (409), never replaced.
 */
export async function saveNarrativeDraft(db: Db, input: unknown, actor = ""): Promise<SavedNarrative> {
  const draft = parseInput(narrativeSaveSchema, input, "draft");
  const { incident } = draft;
  const author = draft.author || actor || "narrative import";

  // Times resolve in list order, like entries typed one after another: "16:45" follows the entry above.
  let previous: string | null = null;
  let origin: string | null = null;
  const takenKeys = new Set(draft.entries.flatMap((entry) => (entry.key ? [entry.key] : [])));
  if (takenKeys.size !== draft.entries.filter((entry) => entry.key).length) throw new InvalidInputError("two entries have the same key");
  const entries = draft.entries.map((entry, index) => {
    let at: string;
    try {
      at = resolveEntryTime(entry.at, { timeZone: incident.timezone, origin, previous });
    } catch (error) {
      if (error instanceof CasebookError) throw new InvalidInputError(`entries[${index}].at: ${error.message}`, [{ path: `entries.${index}.at`, message: error.message }]);
      throw error;
    }
    origin ??= at;
    previous = at;
    const key = entry.key ?? uniqueKey(slugify(entry.title, entry.kind), takenKeys);
    takenKeys.add(key);
    return { key, at: formatZonedIso(at, incident.timezone), kind: entry.kind, title: entry.title, body: entry.body, author, statusOverride: null, statusReason: "" };
  });

  // Lesson slugs are global: prefix them with the new incident's slug so they cannot replace an existing lesson.
  const existingLessons = await db.lesson.findMany({ where: { slug: { startsWith: incident.slug } }, select: { slug: true } });
  const takenLessons = new Set(existingLessons.map((lesson) => lesson.slug));
  const lessons = draft.lessons.map((lesson) => {
    const base = `${incident.slug}-${slugify(lesson.title, "lesson", 30)}`.slice(0, 76).replace(/-+$/, "");
    const slug = uniqueKey(base, takenLessons);
    takenLessons.add(slug);
    return { slug, title: lesson.title, tags: [], body: lesson.body };
  });

  const firstMoment = entries.reduce<string | null>((earliest, entry) => (!earliest || Date.parse(entry.at) < Date.parse(earliest) ? entry.at : earliest), null);
  const portable = portableIncident(
    {
      slug: incident.slug,
      title: incident.title,
      originalLanguage: incident.originalLanguage,
      status: incident.status,
      severity: incident.severity,
      services: incident.services,
      tags: incident.tags,
      timezone: incident.timezone,
      detectedAt: firstMoment,
      summary: incident.summary,
      impact: incident.impact,
      rootCause: incident.rootCause,
      entries,
      lessons,
    },
    "draft",
  );
  await importPortables(db, [portable], author, { replaceExisting: false });
  return { slug: incident.slug, url: `/incidents/${incident.slug}`, entries: entries.length, lessons: lessons.length };
}
