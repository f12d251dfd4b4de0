"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

export interface IncidentChoice {
  slug: string;
  title: string;
}

export interface AttachOption {
  slug: string;
  title?: string;
}

export interface FiledEvidence {
  entryKey: string;
}

/**
 * "Attach to incident": files the shown result as an evidence entry (Markdown summary + JSON report)
 * through the analysis endpoint's `attach` option, then links to the new entry on the incident page.
 */
export function AttachToIncident({ incidents, attach }: { incidents: IncidentChoice[]; attach: (option: AttachOption) => Promise<FiledEvidence> }) {
  const [slug, setSlug] = useState("");
  const [title, setTitle] = useState("");
  const [filed, setFiled] = useState<{ slug: string; entryKey: string } | null>(null);
  const { pending, error, run } = useApiAction();

  if (incidents.length === 0) {
    return (
      <p className="muted small" data-testid="attach-no-incidents">
        No incidents yet to attach this to — <Link href="/incidents/new">record one</Link> first.
      </p>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFiled(null);
    const chosen = slug;
    const result = await run(() => attach({ slug: chosen, ...(title.trim() ? { title: title.trim() } : {}) }), { refresh: false });
    if (result.ok) setFiled({ slug: chosen, entryKey: result.data.entryKey });
  }

  const filedTitle = filed ? (incidents.find((incident) => incident.slug === filed.slug)?.title ?? filed.slug) : "";
  return (
    <form className="card form-grid compact tool-attach no-print" onSubmit={submit} data-testid="attach-form">
      <h3 className="wide">Attach to an incident</h3>
      <Field label="Incident" field="attach.slug" error={error}>
        <select value={slug} onChange={(event) => setSlug(event.target.value)} required data-testid="attach-incident">
          <option value="">choose an incident…</option>
          {incidents.map((incident) => (
            <option key={incident.slug} value={incident.slug}>
              {incident.title} ({incident.slug})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Entry title" field="attach.title" error={error} hint="Optional; a summary of the result by default.">
        <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={300} data-testid="attach-title" />
      </Field>
      <div className="form-actions wide">
        <FormError error={error} testId="attach-error" />
        <button type="submit" className="button primary" disabled={pending || !slug} data-testid="attach-submit">
          {pending ? "Filing…" : "File as evidence"}
        </button>
        {filed && (
          <p className="tool-filed" role="status" data-testid="attach-done">
            Filed as evidence on “{filedTitle}”:{" "}
            <Link href={`/incidents/${filed.slug}#entry-${filed.entryKey}`} data-testid="attached-entry-link">
              open the entry
            </Link>
          </p>
        )}
      </div>
    </form>
  );
}
