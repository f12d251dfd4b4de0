"use client";

import { useState, type FormEvent } from "react";
import { ENTRY_KINDS, ENTRY_KIND_LABELS, type EntryKind } from "@/lib/domain/entry";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

const EMPTY = { kind: "observation" as EntryKind, at: "", title: "", body: "" };

/** Adds a timeline entry; the API resolves the time ("16:30", "day 2 10:00", ISO) on the incident's clock. */
export function AddEntryForm({ slug, timeZone, hasTimeline }: { slug: string; timeZone: string; hasTimeline: boolean }) {
  const [draft, setDraft] = useState(EMPTY);
  const { pending, error, run } = useApiAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run(() => callApi("POST", `/api/v1/incidents/${slug}/entries`, draft));
    if (result.ok) setDraft({ ...EMPTY, kind: draft.kind });
  }

  return (
    <form className="card form-grid compact" onSubmit={submit} data-testid="add-entry-form">
      <h3 className="wide">Add a timeline entry</h3>
      <Field label="Kind" field="kind" error={error}>
        <select value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value as EntryKind })} data-testid="add-entry-kind">
          {ENTRY_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {ENTRY_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="When"
        field="at"
        error={error}
        hint={hasTimeline ? `16:30 · day 2 10:00 · 2024-10-20 11:30 · ISO — on ${timeZone} time` : `A full date and time first, e.g. 2024-10-20 11:30 (${timeZone}) or ISO with offset`}
      >
        <input value={draft.at} onChange={(event) => setDraft({ ...draft, at: event.target.value })} required placeholder={hasTimeline ? "16:30" : "2024-10-20 11:30"} data-testid="add-entry-at" />
      </Field>
      <Field label="Title" field="title" error={error} wide>
        <input value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} required maxLength={300} data-testid="add-entry-title" />
      </Field>
      <Field label="Details (Markdown)" field="body" error={error} wide>
        <textarea rows={4} value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.target.value })} data-testid="add-entry-body" />
      </Field>
      <div className="form-actions wide">
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={pending} data-testid="add-entry-submit">
          {pending ? "Adding…" : "Add entry"}
        </button>
      </div>
    </form>
  );
}
