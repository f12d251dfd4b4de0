"use client";

import { useState } from "react";
import { ENTRY_KINDS, ENTRY_KIND_LABELS, type EntryKind, type TimelineEntry } from "@/lib/domain/entry";
import type { ShownEntryLink } from "@/lib/view/timeline";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { RenderedMarkdown } from "../RenderedMarkdown";
import { useApiAction } from "../use-api-action";
import { EntryLinkList } from "./EntryLinkList";

export interface EntryAttachmentRef {
  id: string;
  filename: string;
  caption: string;
}

/**
 * What an entry needs to be shown (props travel to the browser: nothing more). The Markdown source
 * of the body is fetched when editing starts: the page carries only its rendered HTML.
 */
export type TimelineEntryShown = Pick<TimelineEntry, "key" | "kind" | "title" | "author" | "version">;

interface TimelineEntryItemProps {
  slug: string;
  entry: TimelineEntryShown;
  time: string;
  zonedIso: string;
  /** renderMarkdown(entry.body), rendered on the server. */
  bodyHtml: string;
  links: ShownEntryLink[];
  attachments: EntryAttachmentRef[];
}

/** One timeline entry: shown, or edited in place (title, kind, time, body), or deleted. */
export function TimelineEntryItem({ slug, entry, time, zonedIso, bodyHtml, links, attachments }: TimelineEntryItemProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState({ title: entry.title, kind: entry.kind, at: zonedIso });
  // null while the Markdown source is being fetched (Save waits for it).
  const [body, setBody] = useState<string | null>(null);
  const { pending, error, setError, run } = useApiAction();
  const url = `/api/v1/incidents/${slug}/entries/${entry.key}`;

  function startEditing() {
    setDraft({ title: entry.title, kind: entry.kind, at: zonedIso });
    setBody(null);
    setError(null);
    setEditing(true);
    void run(() => callApi<{ body: string }>("GET", url), { refresh: false }).then((result) => {
      if (result.ok) setBody(result.data.body);
    });
  }

  async function save() {
    if (body === null) return;
    const changes: Record<string, unknown> = { version: entry.version, title: draft.title, kind: draft.kind, body };
    if (draft.at.trim() !== zonedIso) changes.at = draft.at;
    const result = await run(() => callApi("PATCH", url, changes));
    if (result.ok) setEditing(false);
  }

  async function remove() {
    if (!window.confirm(`Delete the entry “${entry.title}” and its links? (It can be restored from Revisions.)`)) return;
    await run(() => callApi("DELETE", `${url}?version=${entry.version}`));
  }

  return (
    <li id={`entry-${entry.key}`} className={`timeline-entry kind-${entry.kind}`} data-testid="timeline-entry" data-entry-key={entry.key} data-kind={entry.kind}>
      <div className="entry-time" title={zonedIso}>
        {time}
      </div>
      <div className="entry-main">
        {editing ? (
          <form
            className="entry-edit"
            data-testid="entry-edit-form"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <div className="field-row">
              <Field label="Kind" field="kind" error={error}>
                <select value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value as EntryKind })} data-testid="entry-edit-kind">
                  {ENTRY_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {ENTRY_KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Time" field="at" error={error} hint="16:30, day 2 10:00, or ISO with offset">
                <input value={draft.at} onChange={(event) => setDraft({ ...draft, at: event.target.value })} data-testid="entry-edit-at" />
              </Field>
            </div>
            <Field label="Title" field="title" error={error} wide>
              <input value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} data-testid="entry-edit-title" />
            </Field>
            <Field label="Body (Markdown)" field="body" error={error} wide>
              <textarea
                rows={6}
                value={body ?? ""}
                placeholder={body === null ? "loading…" : undefined}
                disabled={body === null}
                onChange={(event) => setBody(event.target.value)}
                data-testid="entry-edit-body"
              />
            </Field>
            <FormError error={error} />
            <div className="button-row">
              <button type="submit" className="button primary" disabled={pending || body === null} data-testid="entry-edit-save">
                {pending ? "Saving…" : "Save"}
              </button>
              <button type="button" className="button subtle" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <>
            <div className="entry-heading">
              <span className={`badge kind-badge kind-${entry.kind}`}>{ENTRY_KIND_LABELS[entry.kind]}</span>
              <h4 className="entry-title" data-testid="entry-title">
                {entry.title}
              </h4>
              <span className="entry-tools no-print">
                <button type="button" className="button small subtle" onClick={startEditing} data-testid="entry-edit">
                  Edit
                </button>
                <button type="button" className="button small subtle danger-text" onClick={remove} disabled={pending} data-testid="entry-delete">
                  Delete
                </button>
              </span>
            </div>
            {entry.author && <div className="muted small">by {entry.author}</div>}
            <RenderedMarkdown html={bodyHtml} className="markdown entry-body" testId="entry-body" />
            {attachments.length > 0 && (
              <ul className="entry-attachments">
                {attachments.map((attachment) => (
                  <li key={attachment.id}>
                    <a href={`#attachment-${attachment.id}`}>📎 {attachment.caption || attachment.filename}</a>
                  </li>
                ))}
              </ul>
            )}
            <EntryLinkList slug={slug} links={links} />
            {!editing && <FormError error={error} />}
          </>
        )}
      </div>
    </li>
  );
}
