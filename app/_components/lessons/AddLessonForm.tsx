"use client";

import { useState, type FormEvent } from "react";
import { splitCommaList } from "@/lib/view/incident-form";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

const EMPTY = { title: "", body: "", tags: "" };

/** Writes a new lesson for this incident, or attaches one learnt before (from another incident). */
export function AddLessonForm({ slug, attachable }: { slug: string; attachable: { slug: string; title: string }[] }) {
  const [draft, setDraft] = useState(EMPTY);
  const [existing, setExisting] = useState("");
  const { pending, error, run } = useApiAction();

  async function submitNew(event: FormEvent) {
    event.preventDefault();
    const body = { title: draft.title, body: draft.body, tags: splitCommaList(draft.tags) };
    const result = await run(() => callApi("POST", `/api/v1/incidents/${slug}/lessons`, body));
    if (result.ok) setDraft(EMPTY);
  }

  async function submitExisting(event: FormEvent) {
    event.preventDefault();
    const result = await run(() => callApi("POST", `/api/v1/incidents/${slug}/lessons`, { slug: existing }));
    if (result.ok) setExisting("");
  }

  return (
    <div className="card no-print" data-testid="add-lesson">
      <form className="form-grid compact" onSubmit={submitNew} data-testid="add-lesson-form">
        <h3 className="wide">Add a lesson</h3>
        <Field label="Lesson" field="title" error={error} wide>
          <input value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} required maxLength={300} data-testid="lesson-title" />
        </Field>
        <Field label="Explanation (Markdown)" field="body" error={error} wide>
          <textarea rows={3} value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.target.value })} data-testid="lesson-body" />
        </Field>
        <Field label="Tags" field="tags" error={error} hint="Comma-separated." wide>
          <input value={draft.tags} onChange={(event) => setDraft({ ...draft, tags: event.target.value })} data-testid="lesson-tags" />
        </Field>
        <div className="form-actions wide">
          <button type="submit" className="button primary" disabled={pending} data-testid="lesson-submit">
            Add lesson
          </button>
        </div>
      </form>
      {attachable.length > 0 && (
        <form className="inline-form" onSubmit={submitExisting} data-testid="attach-lesson-form">
          <label className="field">
            <span className="field-label">…or attach a lesson from another incident</span>
            <select value={existing} onChange={(event) => setExisting(event.target.value)} data-testid="attach-lesson-select">
              <option value="">choose a lesson…</option>
              {attachable.map((lesson) => (
                <option key={lesson.slug} value={lesson.slug}>
                  {lesson.title}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button" disabled={pending || !existing} data-testid="attach-lesson-submit">
            Attach
          </button>
        </form>
      )}
      <FormError error={error} />
    </div>
  );
}
