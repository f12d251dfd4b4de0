"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { slugify } from "@/lib/domain/common";
import { INCIDENT_STATUSES, INCIDENT_STATUS_LABELS, SEVERITIES, type Incident } from "@/lib/domain/incident";
import { formValuesToPayload, type IncidentFormValues } from "@/lib/view/incident-form";
import { ApiError, callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";
import { FactsEditor } from "./FactsEditor";

interface IncidentFormProps {
  initial: IncidentFormValues;
  /** Present when editing: the slug in the URL and the version the page read. */
  existing?: { slug: string; version: number };
  timeZones: string[];
}

/** Create or edit an incident; saves through the REST API and opens the incident page. */
export function IncidentForm({ initial, existing, timeZones }: IncidentFormProps) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  // A new incident's slug follows its title until someone types a slug of their own.
  const [slugEdited, setSlugEdited] = useState(Boolean(existing));
  const { pending, error, setError, run } = useApiAction();
  const set = <K extends keyof IncidentFormValues>(key: K, value: IncidentFormValues[K]) => setValues((current) => ({ ...current, [key]: value }));
  const text = (key: keyof IncidentFormValues) => ({
    value: values[key] as string,
    onChange: (event: { target: { value: string } }) => set(key, event.target.value as never),
    name: key,
    "data-testid": `incident-${key}`,
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { payload, issues } = formValuesToPayload(values);
    if (issues.length > 0) {
      setError(new ApiError("Some fields need attention — see the notes next to them.", 400, issues));
      return;
    }
    const result = await run(
      () =>
        existing
          ? callApi<Incident>("PATCH", `/api/v1/incidents/${existing.slug}`, { ...payload, version: existing.version })
          : callApi<Incident>("POST", "/api/v1/incidents", payload),
      { refresh: false },
    );
    if (result.ok) {
      router.push(`/incidents/${result.data.slug}`);
      router.refresh();
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} data-testid="incident-form" noValidate>
      <Field label="Title" field="title" error={error} wide>
        <input
          {...text("title")}
          onChange={(event) => {
            const title = event.target.value;
            setValues((current) => ({ ...current, title, slug: slugEdited ? current.slug : slugify(title, "") }));
          }}
          required
          maxLength={200}
          placeholder="Redis cluster memory leak after slot migration"
        />
      </Field>
      <Field label="Slug" field="slug" error={error} hint="Lower-case words joined by dashes; used in the URL.">
        <input
          {...text("slug")}
          onChange={(event) => {
            setSlugEdited(true);
            set("slug", event.target.value);
          }}
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          placeholder="redis-slot-migration-leak"
        />
      </Field>
      <Field label="Original language" field="originalLanguage" error={error} hint="e.g. zh, when the incident was first written in another language.">
        <input {...text("originalLanguage")} maxLength={20} />
      </Field>
      <Field label="Original title" field="titleOriginal" error={error} wide>
        <input {...text("titleOriginal")} lang={values.originalLanguage || undefined} maxLength={300} />
      </Field>
      <Field label="Status" field="status" error={error}>
        <select {...text("status")}>
          {INCIDENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {INCIDENT_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Severity" field="severity" error={error}>
        <select {...text("severity")}>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {severity.toUpperCase()}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Services" field="services" error={error} hint="Comma-separated.">
        <input {...text("services")} placeholder="redis-cluster, session-api" />
      </Field>
      <Field label="Tags" field="tags" error={error} hint="Comma-separated.">
        <input {...text("tags")} placeholder="memory-leak, redis" />
      </Field>
      <Field label="Time zone" field="timezone" error={error} hint="The times below are read on this zone's clock.">
        <input {...text("timezone")} list="incident-time-zones" required />
      </Field>
      <datalist id="incident-time-zones">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="field-row wide">
        <Field label="Started" field="startedAt" error={error}>
          <input type="datetime-local" {...text("startedAt")} />
        </Field>
        <Field label="Detected" field="detectedAt" error={error}>
          <input type="datetime-local" {...text("detectedAt")} />
        </Field>
        <Field label="Resolved" field="resolvedAt" error={error}>
          <input type="datetime-local" {...text("resolvedAt")} />
        </Field>
      </div>
      <Field label="Summary (Markdown)" field="summary" error={error} wide>
        <textarea {...text("summary")} rows={5} />
      </Field>
      <Field label="Original-language summary (Markdown)" field="summaryOriginal" error={error} wide>
        <textarea {...text("summaryOriginal")} rows={4} lang={values.originalLanguage || undefined} />
      </Field>
      <Field label="Impact (Markdown)" field="impact" error={error} wide>
        <textarea {...text("impact")} rows={3} />
      </Field>
      <Field label="Root cause (Markdown)" field="rootCause" error={error} wide>
        <textarea {...text("rootCause")} rows={4} />
      </Field>
      <Field label="Contributing factors" field="contributingFactors" error={error} hint="One per line." wide>
        <textarea {...text("contributingFactors")} rows={4} />
      </Field>
      <FactsEditor rows={values.facts} onChange={(rows) => set("facts", rows)} error={error} />
      <div className="form-actions wide">
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={pending} data-testid="incident-save">
          {pending ? "Saving…" : existing ? "Save changes" : "Create incident"}
        </button>
      </div>
    </form>
  );
}
