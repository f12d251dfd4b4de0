"use client";

import { useState, type FormEvent } from "react";
import type { Facts } from "@/lib/domain/incident";
import type { ErrorIssue } from "@/lib/errors";
import { factRows, factsFromRows } from "@/lib/view/incident-form";
import { ApiError, callApi } from "../../../_components/api-client";
import { FactsEditor } from "../../../_components/incident-form/FactsEditor";
import { FormError } from "../../../_components/FormMessages";
import { useApiAction } from "../../../_components/use-api-action";

/**
 * The incident's facts, editable before (or during) triage. Saves through PATCH /api/v1/incidents/SLUG
 * with the version the page read, so a concurrent edit is a 409 and nothing is overwritten.
 */
export function TriageFactsForm({ slug, version, facts, open }: { slug: string; version: number; facts: Facts; open: boolean }) {
  const [rows, setRows] = useState(() => factRows(facts));
  const { pending, error, setError, run } = useApiAction();
  const [saved, setSaved] = useState(false);
  const [readVersion, setReadVersion] = useState(version);
  if (version !== readVersion) {
    // The page re-read the incident (after this save or another edit): start again from its facts,
    // keeping the "saved" notice, which a remount would drop.
    setReadVersion(version);
    setRows(factRows(facts));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const issues: ErrorIssue[] = [];
    const next = factsFromRows(rows, issues);
    if (issues.length) {
      setError(new ApiError("Some facts need attention — see the notes next to them.", 400, issues));
      return;
    }
    const result = await run(() => callApi("PATCH", `/api/v1/incidents/${slug}`, { facts: next, version }));
    if (result.ok) setSaved(true);
  }

  return (
    <details className="card runbook-facts" open={open} data-testid="triage-facts">
      <summary>Facts the runbook is generated from</summary>
      <form onSubmit={submit} noValidate>
        <FactsEditor rows={rows} onChange={setRows} error={error} />
        <FormError error={error} testId="triage-facts-error" />
        <div className="button-row">
          <button type="submit" className="button primary" disabled={pending} data-testid="triage-facts-save">
            {pending ? "Saving…" : "Save facts"}
          </button>
          {saved && !pending && (
            <span className="muted small" role="status" data-testid="triage-facts-saved">
              Saved to the incident.
            </span>
          )}
        </div>
      </form>
    </details>
  );
}
