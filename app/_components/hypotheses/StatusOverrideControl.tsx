"use client";

import { useState, type FormEvent } from "react";
import { HYPOTHESIS_STATUSES, type HypothesisStatus } from "@/lib/domain/entry";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

interface StatusOverrideControlProps {
  slug: string;
  entryKey: string;
  version: number;
  current: HypothesisStatus | null;
  currentReason: string;
}

/** Settles a hypothesis by hand (status + a stated reason), or hands it back to the evidence. */
export function StatusOverrideControl({ slug, entryKey, version, current, currentReason }: StatusOverrideControlProps) {
  const [status, setStatus] = useState<HypothesisStatus | "">(current ?? "");
  const [reason, setReason] = useState(currentReason);
  const { pending, error, run } = useApiAction();
  // The form is drawn when opened: a board of a hundred hypotheses would otherwise send a hundred hidden forms.
  const [open, setOpen] = useState(false);
  const showForm = open || Boolean(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = status ? { statusOverride: status, statusReason: reason, version } : { statusOverride: null, statusReason: "", version };
    await run(() => callApi("PATCH", `/api/v1/incidents/${slug}/entries/${entryKey}`, body));
  }

  return (
    <details className="override no-print" open={showForm} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary data-testid="override-toggle">{current ? "Change the override" : "Override status"}</summary>
      {showForm && (
        <form onSubmit={submit} data-testid="override-form">
          <Field label="Status" field="statusOverride" error={error}>
            <select value={status} onChange={(event) => setStatus(event.target.value as HypothesisStatus | "")} data-testid="override-status">
              <option value="">follow the evidence</option>
              {HYPOTHESIS_STATUSES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </Field>
          {status && (
            <Field label="Reason (required)" field="statusReason" error={error}>
              <textarea rows={2} value={reason} onChange={(event) => setReason(event.target.value)} required data-testid="override-reason" />
            </Field>
          )}
          <FormError error={error} />
          <button type="submit" className="button small" disabled={pending || (Boolean(status) && !reason.trim())} data-testid="override-save">
            {pending ? "Saving…" : status ? "Set status" : current ? "Clear override" : "Save"}
          </button>
        </form>
      )}
    </details>
  );
}
