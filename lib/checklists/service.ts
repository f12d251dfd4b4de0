/**
 * What the API handlers and the CLI share: turning a selection (filters and/or a saved checklist's
 * name) into a checklist document, exporting it, and validating "checklist for this change" requests.
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { assertRepoAllowed } from "../analyzers/backports/repo-guard";
import { InvalidInputError, NotFoundError } from "../errors";
import { parseInput } from "../validation/parse";
import { EXPORT_FORMATS, renderChecklistExport, type ChecklistDocument, type ExportFormat, type RenderedExport } from "./exports";
import { checklistForDiff, type ChecklistForDiff, type DiffSource } from "./for-diff";
import { libraryItems, loadLibrary, type LibraryItem } from "./library";
import { getChecklist } from "./named";
import { assertKnownFilters, describeFilters, filterItems, filterVocabulary, hasFilters, itemMatchesFilters, splitList, type ItemFilters } from "./select";

export interface Selection {
  filters: ItemFilters;
  /** A saved checklist's name; with filters, its items are narrowed by them. */
  checklist?: string;
}

/** Pasted diffs up to this size; larger ones belong to the CLI. */
export const FOR_DIFF_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

const listParam = z.union([z.string().max(2_000, "must be at most 2,000 characters"), z.array(z.string().max(200)).max(100)]).optional();

/** Query of GET /api/v1/checklists/export (and the CLI's options, spelt the same). */
export const exportQuerySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS, { error: (issue) => (issue.input === undefined ? `is required: one of ${EXPORT_FORMATS.join(", ")}` : `must be one of ${EXPORT_FORMATS.join(", ")}`) }),
    tags: listParam,
    areas: listParam,
    languages: listParam,
    checklist: z.string().trim().max(80, "must be at most 80 characters").optional(),
  })
  .strict();

export function selectionOf(query: { tags?: string | string[]; areas?: string | string[]; languages?: string | string[]; checklist?: string }): Selection {
  const filters: ItemFilters = { tags: splitList(query.tags), areas: splitList(query.areas), languages: splitList(query.languages) };
  const checklist = query.checklist?.trim() || undefined;
  return { filters, ...(checklist ? { checklist } : {}) };
}

/**
 * The items a selection names, with a title and a file-name stem. Empty selections are NotFound.
 * `visibility` (every function here takes it) is the reader's incidentVisibilityWhere (lib/auth):
 * items keep their lessons, but name only the source incidents the reader may see.
 */
export async function checklistDocument(db: Db, selection: Selection, visibility: object): Promise<ChecklistDocument> {
  const lessons = await loadLibrary(db, visibility);
  const { filters } = selection;
  let doc: ChecklistDocument;
  if (selection.checklist) {
    const saved = await getChecklist(db, selection.checklist, visibility);
    assertKnownFilters(lessons, filters);
    doc = { title: saved.title, name: saved.name, source: `checklist "${saved.name}"`, items: saved.items.filter((item) => itemMatchesFilters(item, filters)) };
  } else {
    const described = describeFilters(filters);
    doc = { title: "Review checklist", name: "review-checklist", source: described || "the whole library", items: filterItems(lessons, filters) };
  }
  if (hasFilters(filters) && selection.checklist) doc.source += ` narrowed to ${describeFilters(filters)}`;
  if (doc.items.length === 0) throw new NotFoundError(`no checklist items match ${doc.source}`);
  return doc;
}

/**
 * Where exported links point: an explicit URL, else CASEBOOK_PUBLIC_URL, else the origin the request
 * came to (API), else nothing — site-relative links, which only work inside Casebook itself.
 */
export function resolveBaseUrl(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>, requestOrigin?: string): string {
  const given = explicit ?? (env.CASEBOOK_PUBLIC_URL?.trim() || undefined);
  if (given === undefined) return requestOrigin ?? "";
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new InvalidInputError(`the base URL must be an http:// or https:// URL such as https://casebook.example.com, got "${given}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidInputError(`the base URL must be an http:// or https:// URL, got "${given}"`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

export async function exportChecklist(db: Db, query: unknown, baseUrl: string, visibility: object): Promise<RenderedExport> {
  const parsed = parseInput(exportQuerySchema, query, "export request");
  const doc = await checklistDocument(db, selectionOf(parsed), visibility);
  return renderChecklistExport(doc, parsed.format as ExportFormat, { baseUrl });
}

/** Body of POST /api/v1/checklists/for-diff: a pasted diff or a repository range, and an optional selection. */
const selectionFields = { tags: listParam, areas: listParam, languages: listParam, checklist: z.string().trim().max(80).optional() };
const diffText = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .max(FOR_DIFF_BODY_LIMIT_BYTES, "is too large")
  .refine((value) => value.trim().length > 0, "must not be empty (paste a unified diff)");
const ref = z.string().trim().min(1, "must not be empty").max(256, "must be at most 256 characters");
export const forDiffRequestSchema = z.union([
  z.object({ diff: diffText, ...selectionFields }).strict(),
  z.object({ repo: z.string().trim().min(1, "must not be empty").max(4096), base: ref, head: ref, ...selectionFields }).strict(),
]);

export interface ForDiffRequest {
  source: DiffSource;
  selection: Selection;
}

/** Validates a for-diff body; a repository must lie under CASEBOOK_REPO_ROOTS (403 otherwise). */
export async function forDiffRequest(body: unknown, env: Readonly<Record<string, string | undefined>>): Promise<ForDiffRequest> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InvalidInputError("the request body must be a JSON object");
  if ("diff" in body && "repo" in body) throw new InvalidInputError("send either {diff} or {repo, base, head}, not both");
  const request = parseInput(forDiffRequestSchema, body, "checklist request");
  const selection = selectionOf(request);
  if ("diff" in request) return { source: { diffText: request.diff }, selection };
  return { source: { repo: await assertRepoAllowed(request.repo, env), base: request.base, head: request.head }, selection };
}

/** The candidate items of a for-diff request: the selection's, or the whole library when it is empty. */
export async function candidateItems(db: Db, selection: Selection, visibility: object): Promise<LibraryItem[]> {
  if (!selection.checklist && !hasFilters(selection.filters)) return libraryItems(await loadLibrary(db, visibility));
  return (await checklistDocument(db, selection, visibility)).items;
}

export async function checklistForRequest(db: Db, request: ForDiffRequest, visibility: object): Promise<ChecklistForDiff> {
  return checklistForDiff(request.source, await candidateItems(db, request.selection, visibility));
}

/**
 * The query of an export or items request as an object for the schemas: list parameters may repeat
 * (`?tags=a&tags=b`) as well as hold commas; any other parameter is taken once, so unknown ones reach
 * the strict schema and are refused by name. `download` only asks for an attachment header.
 */
export function checklistQuery(url: string): Record<string, string | string[]> {
  const params = new URL(url).searchParams;
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    if (key === "download") continue;
    query[key] = ["tags", "areas", "languages"].includes(key) ? params.getAll(key) : params.get(key)!;
  }
  return query;
}

/** GET /api/v1/checklists/items: the library's items passing the filters, and the words the filters accept. */
export async function listItems(db: Db, query: unknown, visibility: object) {
  const parsed = parseInput(exportQuerySchema.omit({ format: true }), query, "items request");
  const lessons = await loadLibrary(db, visibility);
  const selection = selectionOf(parsed);
  const items = selection.checklist ? (await checklistDocument(db, selection, visibility)).items : filterItems(lessons, selection.filters);
  return { vocabulary: filterVocabulary(lessons), items };
}
