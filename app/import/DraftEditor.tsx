"use client";

import { ENTRY_KINDS, ENTRY_KIND_LABELS, type EntryKind } from "@/lib/domain/entry";
import { INCIDENT_STATUSES, INCIDENT_STATUS_LABELS, SEVERITIES, type IncidentStatus, type Severity } from "@/lib/domain/incident";
import type { EditableDraft, EditableEntry, EditableLesson } from "./draft-state";

interface Props {
  draft: EditableDraft;
  onChange(draft: EditableDraft): void;
  /** Which source lines to highlight when an item is focused. */
  onSelect(lines: [number, number] | null): void;
}

/** The editable draft: incident fields, timeline entries (time, kind, title, body) and lessons. */
export function DraftEditor({ draft, onChange, onSelect }: Props) {
  const setIncident = (changes: Partial<EditableDraft["incident"]>) => onChange({ ...draft, incident: { ...draft.incident, ...changes } });
  const setEntry = (id: number, changes: Partial<EditableEntry>) =>
    onChange({ ...draft, entries: draft.entries.map((entry) => (entry.id === id ? { ...entry, ...changes } : entry)) });
  const setLesson = (id: number, changes: Partial<EditableLesson>) =>
    onChange({ ...draft, lessons: draft.lessons.map((lesson) => (lesson.id === id ? { ...lesson, ...changes } : lesson)) });
  const { incident } = draft;

  return (
    <div className="narrative-draft" data-testid="narrative-draft">
      <section className="draft-incident">
        <div className="form-grid compact">
          <label className="field wide">
            <span className="field-label">Title</span>
            <input value={incident.title} onChange={(event) => setIncident({ title: event.target.value })} data-testid="draft-title" />
          </label>
          <label className="field">
            <span className="field-label">Slug</span>
            <input value={incident.slug} onChange={(event) => setIncident({ slug: event.target.value })} data-testid="draft-slug" />
          </label>
          <label className="field">
            <span className="field-label">Severity</span>
            <select value={incident.severity} onChange={(event) => setIncident({ severity: event.target.value as Severity })}>
              {SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {severity.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Status</span>
            <select value={incident.status} onChange={(event) => setIncident({ status: event.target.value as IncidentStatus })}>
              {INCIDENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {INCIDENT_STATUS_LABELS[status]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Tags (comma-separated)</span>
            <input value={incident.tags} onChange={(event) => setIncident({ tags: event.target.value })} data-testid="draft-tags" />
          </label>
          <label className="field wide">
            <span className="field-label">Summary</span>
            <textarea rows={3} value={incident.summary} onChange={(event) => setIncident({ summary: event.target.value })} />
          </label>
        </div>
      </section>

      <h3>
        Timeline <span className="muted small">({draft.entries.length} entries, times in {incident.timezone})</span>
      </h3>
      <ol className="draft-entries">
        {draft.entries.map((entry) => (
          <li key={entry.id} className={`draft-entry kind-${entry.kind}`} data-testid="draft-entry" onFocus={() => onSelect(entry.lines)} onMouseEnter={() => onSelect(entry.lines)}>
            <div className="draft-entry-row">
              <input className="draft-time" value={entry.at} aria-label="Time" title={entry.timeText ? `written as “${entry.timeText}”` : undefined} onChange={(event) => setEntry(entry.id, { at: event.target.value })} data-testid="draft-entry-at" />
              <select value={entry.kind} aria-label="Kind" onChange={(event) => setEntry(entry.id, { kind: event.target.value as EntryKind, kindCue: null })} data-testid="draft-entry-kind">
                {ENTRY_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {ENTRY_KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
              <input className="draft-entry-title" value={entry.title} aria-label="Title" onChange={(event) => setEntry(entry.id, { title: event.target.value })} data-testid="draft-entry-title" />
              <button type="button" className="button small subtle danger-text" onClick={() => onChange({ ...draft, entries: draft.entries.filter((item) => item.id !== entry.id) })} data-testid="draft-entry-remove">
                Remove
              </button>
            </div>
            <p className="muted small draft-why">
              lines {entry.lines[0]}–{entry.lines[1]}
              {entry.kindCue ? ` · kind guessed from “${entry.kindCue}”` : ""}
            </p>
            <textarea rows={Math.min(8, Math.max(2, entry.body.split("\n").length))} value={entry.body} aria-label="Body" onChange={(event) => setEntry(entry.id, { body: event.target.value })} />
          </li>
        ))}
      </ol>

      <h3>
        Lessons <span className="muted small">({draft.lessons.length})</span>
      </h3>
      {draft.lessons.length === 0 && <p className="muted">No lessons section found (e.g. “Lessons learned”, “后续思考”).</p>}
      <ol className="draft-lessons">
        {draft.lessons.map((lesson) => (
          <li key={lesson.id} className="draft-lesson" data-testid="draft-lesson" onFocus={() => onSelect(lesson.lines)} onMouseEnter={() => onSelect(lesson.lines)}>
            <div className="draft-entry-row">
              <input className="draft-entry-title" value={lesson.title} aria-label="Lesson title" onChange={(event) => setLesson(lesson.id, { title: event.target.value })} />
              <button type="button" className="button small subtle danger-text" onClick={() => onChange({ ...draft, lessons: draft.lessons.filter((item) => item.id !== lesson.id) })}>
                Remove
              </button>
            </div>
            <textarea rows={3} value={lesson.body} aria-label="Lesson body" onChange={(event) => setLesson(lesson.id, { body: event.target.value })} />
          </li>
        ))}
      </ol>
    </div>
  );
}
