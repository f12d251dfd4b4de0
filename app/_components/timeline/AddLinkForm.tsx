"use client";

import { useState, type FormEvent } from "react";
import { LINK_RULES, LINK_TYPES, type LinkType } from "@/lib/domain/link";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";
import type { EntryOption } from "@/lib/view/entry-choices";
import { useEntryChoices } from "./use-entry-choices";

/** Which entries may sit at each end of a link of this type (the API checks again). */
function allowedEnds(type: LinkType, options: EntryOption[], from: EntryOption | undefined) {
  const rule = LINK_RULES[type];
  const fromOptions = options.filter((option) => rule.from.includes(option.kind));
  const toOptions = options.filter((option) =>
    rule.to === "same-kind" ? !from || option.kind === from.kind : rule.to.includes(option.kind),
  );
  return { fromOptions, toOptions: toOptions.filter((option) => option.key !== from?.key) };
}

const NO_OPTIONS: EntryOption[] = [];

/**
 * Connects two entries: evidence supports/refutes/confirms a hypothesis, a decision cites… The entries
 * to choose from are fetched when the form is in the browser (`stamp`: see useEntryChoices).
 */
export function AddLinkForm({ slug, stamp }: { slug: string; stamp: string }) {
  const [draft, setDraft] = useState({ from: "", type: "supports" as LinkType, to: "", note: "" });
  const { pending, error, run } = useApiAction();
  const choices = useEntryChoices(slug, stamp);
  const options = choices.state === "done" ? choices.options : NO_OPTIONS;
  const placeholder = choices.state === "loading" ? "loading entries…" : "choose an entry…";
  const from = options.find((option) => option.key === draft.from);
  const { fromOptions, toOptions } = allowedEnds(draft.type, options, from);

  function changeType(type: LinkType) {
    const ends = allowedEnds(type, options, from);
    setDraft({
      ...draft,
      type,
      from: ends.fromOptions.some((option) => option.key === draft.from) ? draft.from : "",
      to: ends.toOptions.some((option) => option.key === draft.to) ? draft.to : "",
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run(() => callApi("POST", `/api/v1/incidents/${slug}/links`, draft));
    if (result.ok) setDraft({ ...draft, from: "", to: "", note: "" });
  }

  return (
    <form className="card form-grid compact" onSubmit={submit} data-testid="add-link-form">
      <h3 className="wide">Link two entries</h3>
      <Field label="From" field="from" error={error} wide>
        <select value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} required data-testid="add-link-from">
          <option value="">{placeholder}</option>
          {fromOptions.map((option) => (
            <option key={option.key} value={option.key}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Relation" field="type" error={error} wide>
        <select value={draft.type} onChange={(event) => changeType(event.target.value as LinkType)} data-testid="add-link-type">
          {LINK_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </Field>
      <Field label="To" field="to" error={error} wide>
        <select value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} required data-testid="add-link-to">
          <option value="">{placeholder}</option>
          {toOptions.map((option) => (
            <option key={option.key} value={option.key}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Note" field="note" error={error} wide hint="Why this evidence bears on it, in a few words.">
        <input value={draft.note} onChange={(event) => setDraft({ ...draft, note: event.target.value })} maxLength={2000} data-testid="add-link-note" />
      </Field>
      <div className="form-actions wide">
        {choices.state === "failed" && (
          <p className="form-error" role="alert" data-testid="add-link-choices-error">
            Could not load the entries to choose from: {choices.message}
          </p>
        )}
        <FormError error={error} />
        <button type="submit" className="button primary" disabled={pending || !draft.from || !draft.to} data-testid="add-link-submit">
          {pending ? "Linking…" : "Add link"}
        </button>
      </div>
    </form>
  );
}
