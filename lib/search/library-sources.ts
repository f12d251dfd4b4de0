import path from "node:path";
import type { Tx } from "../db/client";
import { projectRoot } from "../db/config";
import type { ChecklistItem as ChecklistItemRow } from "../db/generated/sqlite/client";
import { checkRunbookContent } from "../runbooks/load";
import type { StepDefinition, StepLibrary } from "../runbooks/step-schema";
import type { LibraryDocuments, LibrarySearchSource, SearchDocumentInput } from "./sources";

/**
 * Checklist items and runbook steps: knowledge that belongs to no incident. Each is one library
 * document (incidentId null, ids under LIBRARY_NO in layout.ts).
 *
 * - Checklist items live in the database; lib/checklists/library.ts syncs each item it creates,
 *   changes or deletes inside the import's transaction, like every other indexed write.
 * - Runbook steps live in content files (content/runbooks/<runbook>/*.md) that ship with the build,
 *   so they can only change between two runs of the app. They are re-synced idempotently — compared
 *   with what is indexed, and only differences written — once per process before its first search
 *   (searchIndex.syncLibraryKind, see service.ts) and rebuilt by `casebook search reindex`.
 */

function jsonList(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

function checklistItemDocument(row: ChecklistItemRow): SearchDocumentInput {
  const languages = jsonList(row.languages);
  const paths = jsonList(row.paths);
  return {
    incidentId: null,
    entityId: row.id,
    handle: row.code,
    detail: row.severity,
    title: row.question,
    body: [row.why, languages.length ? `Languages: ${languages.join(", ")}` : "", paths.length ? `Paths: ${paths.join(", ")}` : ""].filter(Boolean).join("\n\n"),
    at: null,
  };
}

const checklistItemSource: LibrarySearchSource = {
  scope: "library",
  kind: "checklist-item",
  code: 4,
  label: "Checklist items",
  async documentsOf(tx: Tx, itemId: string) {
    const row = await tx.checklistItem.findUnique({ where: { id: itemId } });
    return row ? [checklistItemDocument(row)] : [];
  },
  async documentsOfLibrary(tx: Tx) {
    return { documents: (await tx.checklistItem.findMany({ orderBy: { code: "asc" } })).map(checklistItemDocument) };
  },
  // The checklist library page lists every item; the anchor names the item's stable code.
  url: (_incidentSlug, code) => `/checklists#item-${encodeURIComponent(code)}`,
};

let runbookContentRoot: string | undefined;

/** Where runbook content is read from: `<root>/runbooks/` (default: the project's content/). Tests point it elsewhere. */
export function setRunbookContentRoot(root: string | undefined): void {
  runbookContentRoot = root;
}

function stepText(step: StepDefinition): string {
  const bullets = (items: string[]) => items.map((item) => `- ${item}`).join("\n");
  return [
    step.goal,
    step.body,
    step.lookFor.length ? `Look for:\n${bullets(step.lookFor)}` : "",
    step.commands.length ? `Commands:\n${bullets(step.commands.map((command) => `${command.label}: ${command.run}`))}` : "",
    step.outcomes.length ? `Outcomes:\n${bullets(step.outcomes.map((outcome) => outcome.label))}` : "",
    step.cautions.length ? `Cautions:\n${bullets(step.cautions)}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

function stepDocuments(library: StepLibrary): SearchDocumentInput[] {
  return library.steps.map((step) => ({ incidentId: null, entityId: `${library.name}/${step.id}`, handle: step.id, detail: step.phase, title: step.title, body: stepText(step), at: null }));
}

/**
 * The valid runbooks' steps. Steps of runbooks whose content has problems are kept as indexed
 * (a broken edit must not make a runbook vanish from search; `casebook content check` reports it).
 */
export async function runbookStepDocuments(): Promise<LibraryDocuments> {
  const contentRoot = runbookContentRoot ?? path.join(projectRoot(), "content");
  const { libraries, issues } = await checkRunbookContent(contentRoot);
  const runbooksRoot = path.join(contentRoot, "runbooks");
  const unreadable = new Set(issues.map((issue) => path.relative(runbooksRoot, issue.path).split(path.sep)[0]));
  return { documents: libraries.flatMap(stepDocuments), keep: (entityId) => unreadable.has(entityId.split("/")[0]) };
}

const runbookStepSource: LibrarySearchSource = {
  scope: "library",
  kind: "runbook-step",
  code: 5,
  label: "Runbook steps",
  async documentsOf(_tx: Tx, entityId: string) {
    return (await runbookStepDocuments()).documents.filter((doc) => doc.entityId === entityId);
  },
  documentsOfLibrary: () => runbookStepDocuments(),
  // Steps carry `id="step-<id>"` on the runbook page.
  url: (_incidentSlug, stepId) => `/runbooks#step-${encodeURIComponent(stepId)}`,
};

export const librarySources: LibrarySearchSource[] = [checklistItemSource, runbookStepSource];
