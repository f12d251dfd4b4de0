"use client";

import { useState, type FormEvent } from "react";
import { ACTION_ITEM_TYPES, type ActionItemType } from "@/lib/domain/action-item";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

const EMPTY = { title: "", owner: "", dueDate: "", type: "corrective" as ActionItemType, externalLink: "" };

export function AddActionItemForm({ slug }: { slug: string }) {
  const [draft, setDraft] = useState(EMPTY);
  const { pending, error, run } = useApiAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { ...draft, dueDate: draft.dueDate || null };
    const result = await run(() => callApi("POST", `/api/v1/incidents/${slug}/action-items`, body));
    if (result.ok) setDraft(EMPTY);
  }

  return (
    <form className="card form-grid compact no-print" onSubmit={submit} data-testid="add-action-item-form">
      <h3 className="wide">Add an action item</h3>
      <Field label="What" field="title" error={error} wide>
        <input value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} required maxLength={300} data-testid="action-item-title" />
      </Field>
      <Field label="Owner" field="owner" error={error}>
        <input value={draft.owner} onChange={(event) => setDraft({ ...draft, owner: event.target.value })} maxLength={120} data-testid="action-item-owner" />
      </Field>
      <Field label="Due" field="dueDate" error={error}>
        <input type="date" value={draft.dueDate} onChange={(event) => setDraft({ ...draft, dueDate: event.target.value })} data-testid="action-item-due" />
      </Field>
      <Field label="Type" field="type" error={error}>
        <select value={draft.type} onChange={(event) => setDraft({ ...draft, type: event.target.value as ActionItemType })} data-testid="action-item-type">
          {ACTION_ITEM_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Tracker link" field="externalLink" error={error}>
        <input type="url" value={draft.externalLink} onChange={(event) => setDraft({ ...draft, externalLink: event.target.value })} placeholder="https://…" data-testid="action-item-link" />
      </Field>
      <div className="form-actions wide">
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={pending} data-testid="action-item-submit">
          {pending ? "Adding…" : "Add action item"}
        </button>
      </div>
    </form>
  );
}
