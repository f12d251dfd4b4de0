/**
 * The runbook features as the API, the CLI and the pages use them: validated input in, results out.
 */
import type { Db } from "../db/client";
import type { Facts } from "../domain/incident";
import { getIncident } from "../incidents/incidents";
import { parseInput } from "../validation/parse";
import { generateRunbook, type Runbook } from "./generate";
import { stepLibrary } from "./load";
import { loadPastIncidents } from "./past-incidents";
import { runbookGenerateRequestSchema, triggerWindowRequestSchema } from "./requests";
import { analyzeTriggerWindow, type TriggerWindowResult } from "./trigger-window/analyze";
import { renderTriggerWindowSvg } from "./trigger-window/chart";

/**
 * Facts (or an incident's slug) → runbook, with candidates from the incidents in the database that
 * `visibility` (lib/auth incidentVisibilityWhere) lets the caller see.
 */
export async function generateRunbookFromRequest(db: Db, body: unknown, visibility: object = {}): Promise<Runbook> {
  const request = parseInput(runbookGenerateRequestSchema, body, "runbook request");
  let facts: Facts = request.facts ?? {};
  let tags = request.tags ?? [];
  if (request.incident) {
    const incident = await getIncident(db, request.incident);
    facts = incident.facts;
    tags = request.tags ?? incident.tags;
  }
  const [library, pastIncidents] = await Promise.all([stepLibrary(), loadPastIncidents(db, { facts, tags, excludeSlug: request.incident, visibility })]);
  return generateRunbook(library, { facts, tags, pastIncidents, incidentSlug: request.incident });
}

export type TriggerWindowResponse = Omit<TriggerWindowResult, "points"> & { svg: string };

/** Metrics CSV + event log → result with the chart as SVG (the raw points stay out of the JSON). */
export function triggerWindowFromRequest(body: unknown): TriggerWindowResponse {
  const request = parseInput(triggerWindowRequestSchema, body, "trigger-window request");
  const result = analyzeTriggerWindow(request.metrics, request.events, { windowMinutes: request.windowMinutes, timeZone: request.timeZone });
  const { points: _points, ...rest } = result;
  return { ...rest, svg: renderTriggerWindowSvg(result) };
}
