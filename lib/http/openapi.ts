import { z } from "zod";
import {
  actionItemCreateSchema,
  actionItemUpdateSchema,
  entryCreateSchema,
  entryUpdateSchema,
  incidentCreateSchema,
  incidentListQuerySchema,
  incidentUpdateSchema,
  lessonCreateSchema,
  lessonUpdateSchema,
  linkCreateSchema,
} from "../domain";
import { dumpQuerySchema } from "../analyze/dump-request";
import { checklistCreateSchema, checklistUpdateSchema } from "../checklists/schema";
import { exportQuerySchema, forDiffRequestSchema } from "../checklists/service";
import { runbookGenerateRequestSchema, triggerWindowRequestSchema } from "../runbooks/requests";
import { searchParamsSchema } from "../search/params";
import { triageFinishSchema, triageOutcomeSchema, triageSkipSchema, triageStartSchema, triageUndoSchema } from "../triage/schema";

/** Request schemas published as components; the same zod objects validate the requests. */
const requestSchemas: Record<string, z.ZodType> = {
  IncidentCreate: incidentCreateSchema,
  IncidentUpdate: incidentUpdateSchema,
  EntryCreate: entryCreateSchema,
  EntryUpdate: entryUpdateSchema,
  LinkCreate: linkCreateSchema,
  ActionItemCreate: actionItemCreateSchema,
  ActionItemUpdate: actionItemUpdateSchema,
  LessonCreate: lessonCreateSchema,
  LessonUpdate: lessonUpdateSchema,
  RunbookGenerate: runbookGenerateRequestSchema,
  TriggerWindow: triggerWindowRequestSchema,
  ChecklistCreate: checklistCreateSchema,
  ChecklistUpdate: checklistUpdateSchema,
  ChecklistForDiff: forDiffRequestSchema,
  TriageStart: triageStartSchema,
  TriageOutcome: triageOutcomeSchema,
  TriageSkip: triageSkipSchema,
  TriageUndo: triageUndoSchema,
  TriageFinish: triageFinishSchema,
};

export interface OperationSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  body?: string | { contentType: string; description: string };
  query?: z.ZodObject;
  success: number;
  errors: number[];
}

const slug = "/api/v1/incidents/{slug}";
const writeErrors = [400, 404, 409];

export const operations: OperationSpec[] = [
  { method: "get", path: "/api/v1/incidents", summary: "List incidents (filters: status, severity, service, tag, q)", query: incidentListQuerySchema, success: 200, errors: [400] },
  { method: "post", path: "/api/v1/incidents", summary: "Create an incident", body: "IncidentCreate", success: 201, errors: [400, 409] },
  { method: "get", path: slug, summary: "Get an incident with entries, links, hypotheses, action items, lessons and attachments", success: 200, errors: [404] },
  { method: "patch", path: slug, summary: "Update an incident (send the version you read)", body: "IncidentUpdate", success: 200, errors: writeErrors },
  { method: "delete", path: slug, summary: "Delete an incident (optional ?version=)", success: 204, errors: [404, 409] },
  { method: "get", path: `${slug}/entries`, summary: "List timeline entries", success: 200, errors: [404] },
  { method: "post", path: `${slug}/entries`, summary: "Add a timeline entry (at: ISO, 'HH:MM', 'day 2 10:00')", body: "EntryCreate", success: 201, errors: writeErrors },
  { method: "get", path: `${slug}/entries/{key}`, summary: "Get a timeline entry", success: 200, errors: [404] },
  { method: "patch", path: `${slug}/entries/{key}`, summary: "Update a timeline entry (send its version)", body: "EntryUpdate", success: 200, errors: writeErrors },
  { method: "delete", path: `${slug}/entries/{key}`, summary: "Delete a timeline entry (optional ?version=)", success: 204, errors: [404, 409] },
  { method: "get", path: `${slug}/links`, summary: "List links between entries", success: 200, errors: [404] },
  { method: "post", path: `${slug}/links`, summary: "Link two entries (supports, refutes, confirms, cites, tests, supersedes)", body: "LinkCreate", success: 201, errors: writeErrors },
  { method: "delete", path: `${slug}/links/{id}`, summary: "Remove a link", success: 204, errors: [404] },
  { method: "get", path: `${slug}/action-items`, summary: "List action items", success: 200, errors: [404] },
  { method: "post", path: `${slug}/action-items`, summary: "Add an action item", body: "ActionItemCreate", success: 201, errors: writeErrors },
  { method: "patch", path: `${slug}/action-items/{key}`, summary: "Update an action item (send its version)", body: "ActionItemUpdate", success: 200, errors: writeErrors },
  { method: "delete", path: `${slug}/action-items/{key}`, summary: "Delete an action item", success: 204, errors: [404] },
  { method: "get", path: `${slug}/lessons`, summary: "Lessons learned from this incident", success: 200, errors: [404] },
  { method: "post", path: `${slug}/lessons`, summary: "Add a lesson, or attach an existing one with {slug}", body: "LessonCreate", success: 201, errors: writeErrors },
  { method: "delete", path: `${slug}/lessons/{lesson}`, summary: "Detach a lesson", success: 204, errors: [404] },
  { method: "get", path: `${slug}/attachments`, summary: "List attachments", success: 200, errors: [404] },
  { method: "post", path: `${slug}/attachments`, summary: "Upload an attachment (multipart: file, caption, entry; or raw body with ?filename=&mediaType=)", body: { contentType: "multipart/form-data", description: "file, caption, entry" }, success: 201, errors: [400, 404, 413] },
  { method: "get", path: `${slug}/attachments/{id}`, summary: "Download an attachment", success: 200, errors: [404] },
  { method: "delete", path: `${slug}/attachments/{id}`, summary: "Delete an attachment", success: 204, errors: [404] },
  { method: "post", path: `${slug}/evidence`, summary: "File an analyzer report as an evidence entry with the JSON report attached", body: { contentType: "application/json", description: "{title, summaryMarkdown, report, reportName?, at?}" }, success: 201, errors: [400, 404, 413] },
  { method: "get", path: `${slug}/entry-choices`, summary: "Every entry as a form choice: {entries: [{key, kind, label}]} in timeline order (label: local date, time, kind, title)", success: 200, errors: [404] },
  { method: "get", path: `${slug}/similar`, summary: "Incidents sharing facts, tags, services or wording, with a 0–1 score and the reasons", success: 200, errors: [404] },
  { method: "get", path: `${slug}/revisions`, summary: "Revision history of the incident and everything in it", success: 200, errors: [404] },
  { method: "get", path: `${slug}/revisions/{id}`, summary: "One revision with its diff against the previous one", success: 200, errors: [404] },
  { method: "post", path: `${slug}/revisions/{id}/restore`, summary: "Restore the state a revision recorded (as a new revision)", success: 201, errors: [404, 409] },
  { method: "get", path: `${slug}/export`, summary: "Export as Markdown (format=md, with mermaid diagrams) or JSON (format=json)", success: 200, errors: [400, 404] },
  { method: "get", path: `${slug}/triage`, summary: "Guided triage: the session (facts snapshot, status, version), the runbook for its facts, recorded steps with their timeline entries, the current step, warnings (facts or step library changed)", success: 200, errors: [404] },
  { method: "post", path: `${slug}/triage/start`, summary: "Start guided triage from the incident's facts (409 while one is in progress; restart: true abandons it)", body: "TriageStart", success: 201, errors: writeErrors },
  { method: "post", path: `${slug}/triage/outcome`, summary: "Record the current step's outcome (send the session version): one observation/evidence/decision entry, plus the hypothesis link the outcome names", body: "TriageOutcome", success: 200, errors: writeErrors },
  { method: "post", path: `${slug}/triage/skip`, summary: "Skip the current step with a reason (a decision entry); triage continues with the next step in runbook order", body: "TriageSkip", success: 200, errors: writeErrors },
  { method: "post", path: `${slug}/triage/undo`, summary: "Undo the last recorded outcome or skip, with its timeline entry (and a hypothesis it created, if unused)", body: "TriageUndo", success: 200, errors: writeErrors },
  { method: "post", path: `${slug}/triage/finish`, summary: "End the triage as completed (default) or abandoned", body: "TriageFinish", success: 200, errors: writeErrors },
  { method: "post", path: "/api/v1/import", summary: "Import content files all-or-nothing (JSON {files: {name: text}} or one text/markdown file)", body: { contentType: "application/json", description: "{files: {'slug.md': '…'}}" }, success: 200, errors: [400, 413, 422] },
  { method: "post", path: "/api/v1/analyze/backports", summary: "Upstream fixes the deployed version lacks (repo under CASEBOOK_REPO_ROOTS), or classify a pasted git log / release notes; attach files the result as evidence", body: { contentType: "application/json", description: "{repo, version, fork?, lines?, main?, attach?: {slug, title?}} or {log, attach?}" }, success: 200, errors: [400, 403, 404, 413, 422] },
  { method: "post", path: "/api/v1/analyze/diff", summary: "Review a diff by feature (functions, callers, callees, ownership changes); attach files the result as evidence", body: { contentType: "application/json", description: "{diff} or {repo, base, head}, with allocators?, releasers?, attach?: {slug, title?}" }, success: 200, errors: [400, 403, 404, 413, 422] },
  { method: "post", path: "/api/v1/analyze/dump", summary: "Decode Redis SDS strings from a memory dump (ELF core, raw dump or hexdump) and report signatures, contiguous runs, key patterns, slot ownership and a verdict; ?attach=SLUG files the report as evidence", body: { contentType: "application/octet-stream", description: "The dump's bytes (ELF core or raw memory), or a hexdump (hexdump -C, xxd, gdb x/Nxb) sent as text/plain; at most 32 MB — larger dumps go through `casebook dump analyze`" }, query: dumpQuerySchema, success: 200, errors: [400, 404, 413, 422] },
  { method: "get", path: "/api/v1/lessons", summary: "List lessons with the incidents they came from", success: 200, errors: [] },
  { method: "get", path: "/api/v1/lessons/{slug}", summary: "Get a lesson", success: 200, errors: [404] },
  { method: "patch", path: "/api/v1/lessons/{slug}", summary: "Update a lesson (send its version)", body: "LessonUpdate", success: 200, errors: writeErrors },
  { method: "post", path: "/api/v1/runbooks/generate", summary: "Generate a memory-leak runbook from facts or an incident: steps with why, excluded steps, candidate hypotheses from past incidents (?format=md: Runme-compatible Markdown)", body: "RunbookGenerate", success: 200, errors: [400, 404, 413, 422] },
  { method: "post", path: "/api/v1/runbooks/trigger-window", summary: "Find steps and slopes in a memory series (CSV) and the logged events in the window of each change; includes an SVG chart", body: "TriggerWindow", success: 200, errors: [400, 413] },
  { method: "get", path: "/api/v1/search", summary: "Full-text search (Chinese/Japanese segmented) over incidents, entries and lessons: {total, totalIncidents, facets, results: [{type, incident, id, title, snippet, url}]}, grouped by incident", query: searchParamsSchema, success: 200, errors: [400] },
  { method: "post", path: "/api/v1/import/narrative", summary: "Free-form postmortem (Markdown or plain text, English/Chinese/Japanese) → a draft incident to review: timed lines become entries with guessed kinds; nothing is saved", body: { contentType: "application/json", description: "{text, timezone?, day1?: 'YYYY-MM-DD'}, or the text as a text/plain / text/markdown body with ?timezone=&day1=" }, success: 200, errors: [400, 413] },
  { method: "post", path: "/api/v1/import/narrative/save", summary: "Save a reviewed narrative draft as a new incident (all-or-nothing; an existing slug is 409)", body: { contentType: "application/json", description: "{incident: {slug, title, timezone, …}, entries: [{at, kind, title, body}], lessons: [{title, body}]}" }, success: 201, errors: [400, 409, 413, 422] },
  { method: "get", path: "/api/v1/checklists/items", summary: "Checklist items of the lesson library (filters: tags, areas, languages, or checklist=NAME), with the valid filter words; unknown ones are 404 listing them", query: exportQuerySchema.omit({ format: true }), success: 200, errors: [400, 404] },
  { method: "get", path: "/api/v1/checklists/export", summary: "Export checklist items as a GitHub pull-request template, GitLab merge-request template, Markdown, JSON (casebook-checklist/v1) or CSV; ?download=1 for a file", query: exportQuerySchema, success: 200, errors: [400, 404] },
  { method: "post", path: "/api/v1/checklists/for-diff", summary: "Checklist for a change: ownership findings of the diff-by-feature checker, then the items whose languages, path globs and code patterns match the diff (JSON with a `markdown` PR comment)", body: "ChecklistForDiff", success: 200, errors: [400, 403, 404, 413, 422] },
  { method: "get", path: "/api/v1/checklists", summary: "Saved (named) checklists", success: 200, errors: [] },
  { method: "post", path: "/api/v1/checklists", summary: "Save a named checklist (items as ids, in order); an existing name is 409", body: "ChecklistCreate", success: 201, errors: [400, 409] },
  { method: "get", path: "/api/v1/checklists/{name}", summary: "A saved checklist with its items, lessons and incidents; unknown names are 404 listing the saved ones", success: 200, errors: [404] },
  { method: "patch", path: "/api/v1/checklists/{name}", summary: "Update a saved checklist (send its version)", body: "ChecklistUpdate", success: 200, errors: writeErrors },
  { method: "delete", path: "/api/v1/checklists/{name}", summary: "Delete a saved checklist (optional ?version=)", success: 204, errors: [404, 409] },
  { method: "get", path: `${slug}/access`, summary: "Whether the incident is restricted and who its members are", success: 200, errors: [404] },
  { method: "put", path: `${slug}/access`, summary: "Restrict an incident to its members (and admins): {restricted, members: [email]} — admins and editors who can see it", body: { contentType: "application/json", description: "{restricted: boolean, members: ['a@example.com']}" }, success: 200, errors: [400, 403, 404] },
  { method: "get", path: "/api/v1/audit", summary: "Audit log (admins): ?actor=&action=&outcome=&from=&to=&limit=, ?format=json|csv", success: 200, errors: [400, 403] },
];

const STATUS_TEXT: Record<number, string> = {
  200: "OK", 201: "Created", 204: "No content", 400: "Invalid input", 401: "Sign-in required", 403: "Forbidden", 404: "Not found",
  409: "Conflict (stale version or duplicate)", 413: "Payload too large", 422: "Content cannot be processed",
};

function operationObject(spec: OperationSpec) {
  const parameters = [...spec.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: "path", required: true, schema: { type: "string" } }));
  if (spec.query) {
    const schema = z.toJSONSchema(spec.query, { io: "input" }) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, propertySchema] of Object.entries(schema.properties ?? {})) {
      parameters.push({ name, in: "query", required: Boolean(schema.required?.includes(name)), schema: propertySchema as { type: string } });
    }
  }
  const responses: Record<string, unknown> = { [spec.success]: { description: STATUS_TEXT[spec.success] } };
  // Once accounts exist every endpoint but health needs a session cookie or a bearer token (lib/http/guard.ts).
  for (const status of [401, ...spec.errors]) {
    responses[status] = { description: STATUS_TEXT[status], content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  }
  const requestBody =
    typeof spec.body === "string"
      ? { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${spec.body}` } } } }
      : spec.body
        ? { required: true, description: spec.body.description, content: { [spec.body.contentType]: { schema: {} } } }
        : undefined;
  return { summary: spec.summary, parameters, ...(requestBody ? { requestBody } : {}), responses };
}

/** OpenAPI 3.1 document generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of operations) {
    (paths[spec.path] ??= {})[spec.method] = operationObject(spec);
  }
  const schemas: Record<string, unknown> = {
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: { type: "string" },
        issues: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
      },
    },
  };
  for (const [name, schema] of Object.entries(requestSchemas)) schemas[name] = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return {
    openapi: "3.1.0",
    info: { title: "Casebook API", version: "1", description: "Postmortems as timelines of typed, linked entries." },
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "API token (cb_…) from /account or `casebook token create`; read tokens cannot write" },
        session: { type: "apiKey", in: "cookie", name: "casebook_session", description: "Browser session; state-changing requests must come from the same origin" },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
  };
}
