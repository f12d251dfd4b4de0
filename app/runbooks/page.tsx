import { assertIncidentVisible, incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { RunbookFactsForm } from "../_components/runbooks/RunbookFactsForm";
import { RunbookView } from "../_components/runbooks/RunbookView";
import { getDb } from "@/lib/db/client";
import { isCasebookError } from "@/lib/errors";
import { getIncident, listIncidents } from "@/lib/incidents/incidents";
import type { Runbook } from "@/lib/runbooks/generate";
import type { RunbookGenerateRequest } from "@/lib/runbooks/requests";
import { generateRunbookFromRequest } from "@/lib/runbooks/service";
import { factsFromFormValues, formValuesFromFacts, formValuesFromParams, hasAnyFact, type SearchParams } from "@/lib/view/runbook-form";
import "../_components/runbooks/runbooks.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runbooks" };

/** Memory-leak runbook generator: facts (typed, or a recorded incident's) → ordered steps with their reasons. */
export default async function RunbooksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await guardPage("/runbooks");
  const params = await searchParams;
  const db = await getDb();
  const incidents = (await listIncidents(db, {}, incidentVisibilityWhere(viewer))).map(({ slug, title }) => ({ slug, title }));
  const incidentSlug = typeof params.incident === "string" && params.incident.trim() ? params.incident.trim() : undefined;
  let values = formValuesFromParams(params);
  let runbook: Runbook | null = null;
  let error: string | null = null;
  let request: RunbookGenerateRequest | null = null;
  try {
    if (incidentSlug) {
      await assertIncidentVisible(db, viewer, incidentSlug);
      const incident = await getIncident(db, incidentSlug);
      values = formValuesFromFacts(incident.facts, incident.tags);
      request = { incident: incidentSlug };
    } else if (hasAnyFact(values)) {
      request = factsFromFormValues(values);
    }
    if (request) runbook = await generateRunbookFromRequest(db, request, incidentVisibilityWhere(viewer));
  } catch (caught) {
    if (!isCasebookError(caught)) throw caught;
    error = caught.message;
  }

  return (
    <>
      <div className="page-heading">
        <h1>Memory-leak runbook</h1>
        <p className="muted">
          Record what you know — system, version, allocator, what happened and what the graph shows — and get the steps that fit, each with
          the reason it is in, the tools this build allows, and past incidents whose confirmed causes are worth ruling out first. The{" "}
          <Link href="/tools/trigger-window">trigger-window tool</Link> turns a memory graph and a log into the events and symptoms to record.
        </p>
      </div>
      <RunbookFactsForm values={values} incidents={incidents} incident={incidentSlug} folded={runbook !== null} />
      {error && (
        <div className="form-error" role="alert" data-testid="runbook-error">
          {error}
        </div>
      )}
      {runbook && request && <RunbookView runbook={runbook} request={request} />}
      {!runbook && !error && (
        <section className="empty-state" data-testid="runbook-empty">
          <p>Fill in the facts you have, or load a recorded incident. Missing facts are fine: the runbook says what to check first.</p>
        </section>
      )}
    </>
  );
}
