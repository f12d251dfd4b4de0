"use client";

import { useRef, useState, type FormEvent } from "react";
import { ALLOWED_ATTACHMENT_TYPES } from "@/lib/domain/attachment";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";
import { useEntryChoices } from "../timeline/use-entry-choices";

/**
 * Uploads a screenshot, log or dump (multipart) with a caption, optionally tied to an entry (the
 * entries to choose from are fetched when the form is in the browser: see useEntryChoices).
 */
export function UploadAttachmentForm({ slug, stamp, limitMb }: { slug: string; stamp: string; limitMb: number }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [caption, setCaption] = useState("");
  const [entry, setEntry] = useState("");
  const { pending, error, run } = useApiAction();
  const choices = useEntryChoices(slug, stamp);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.set("file", file);
    form.set("caption", caption);
    if (entry) form.set("entry", entry);
    const result = await run(() => callApi("POST", `/api/v1/incidents/${slug}/attachments`, form));
    if (result.ok) {
      setCaption("");
      setEntry("");
      if (fileInput.current) fileInput.current.value = "";
    }
  }

  return (
    <form className="card form-grid compact no-print" onSubmit={submit} data-testid="upload-attachment-form">
      <h3 className="wide">Upload an attachment</h3>
      <Field label="File" field="file" error={error} hint={`PNG, JPEG, GIF, WebP, text or JSON; up to ${limitMb} MB.`} wide>
        <input ref={fileInput} type="file" required accept={ALLOWED_ATTACHMENT_TYPES.join(",")} data-testid="attachment-file" />
      </Field>
      <Field label="Caption" field="caption" error={error}>
        <input value={caption} onChange={(event) => setCaption(event.target.value)} maxLength={500} data-testid="attachment-caption" />
      </Field>
      <Field label="Belongs to entry" field="entry" error={error}>
        <select value={entry} onChange={(event) => setEntry(event.target.value)} data-testid="attachment-entry">
          <option value="">the whole incident</option>
          {choices.state === "done" &&
            choices.options.map((option) => (
              <option key={option.key} value={option.key}>
                {option.label}
              </option>
            ))}
        </select>
        {choices.state === "failed" && (
          <span className="form-error small" role="alert">
            Could not load the entries: {choices.message}
          </span>
        )}
      </Field>
      <div className="form-actions wide">
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={pending} data-testid="attachment-submit">
          {pending ? "Uploading…" : "Upload"}
        </button>
      </div>
    </form>
  );
}
