"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import type { LibraryItem } from "@/lib/checklists/library";
import { describeFilters, itemMatchesFilters, type ItemFilters } from "@/lib/checklists/select";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";
import { ChecklistItemCard } from "./ChecklistItemCard";
import { ExportPreview } from "./ExportPreview";

export interface FilterVocabulary {
  tags: string[];
  areas: string[];
  languages: string[];
}

/** A saved checklist opened for editing (name fixed, version for the optimistic-concurrency check). */
export interface EditedChecklist {
  name: string;
  title: string;
  description: string;
  version: number;
  items: string[];
}

type FilterKind = keyof FilterVocabulary;
const FILTER_LABELS: Record<FilterKind, string> = { areas: "Areas", languages: "Languages", tags: "Other tags" };

function toggle(list: string[], word: string): string[] {
  return list.includes(word) ? list.filter((candidate) => candidate !== word) : [...list, word];
}

/** Moves the entry at `index` by `offset` places (−1 up, +1 down), keeping the rest in order. */
export function moveEntry<T>(list: T[], index: number, offset: number): T[] {
  const target = index + offset;
  if (target < 0 || target >= list.length) return list;
  const next = [...list];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

/**
 * The checklist builder: filter the library by area, language and tag, add items, put them in the
 * order reviewers should read them, preview every export format, and save the result under a name.
 */
export function ChecklistBuilder({ items, vocabulary, editing }: { items: LibraryItem[]; vocabulary: FilterVocabulary; editing?: EditedChecklist }) {
  const router = useRouter();
  const [filters, setFilters] = useState<Required<ItemFilters>>({ tags: [], areas: [], languages: [] });
  const [selected, setSelected] = useState<string[]>(editing?.items ?? []);
  const [form, setForm] = useState({ name: editing?.name ?? "", title: editing?.title ?? "", description: editing?.description ?? "" });
  const { pending, error, run } = useApiAction();

  const byCode = useMemo(() => new Map(items.map((item) => [item.code, item])), [items]);
  const shown = items.filter((item) => itemMatchesFilters(item, filters));
  const chosen = selected.map((code) => byCode.get(code)).filter((item): item is LibraryItem => item !== undefined);
  const addable = shown.filter((item) => !selected.includes(item.code));
  // Areas and languages count as tags in the API; here each word is offered once, in its own group.
  const chips: FilterVocabulary = { ...vocabulary, tags: vocabulary.tags.filter((tag) => !vocabulary.areas.includes(tag) && !vocabulary.languages.includes(tag)) };

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = { title: form.title, description: form.description, items: selected };
    const result = await run(
      () => (editing ? callApi("PATCH", `/api/v1/checklists/${editing.name}`, { ...body, version: editing.version }) : callApi("POST", "/api/v1/checklists", { ...body, name: form.name.trim() })),
      { refresh: false },
    );
    if (result.ok) router.push(`/checklists/${editing?.name ?? form.name.trim()}`);
  }

  return (
    <div className="checklist-builder" data-testid="checklist-builder">
      <section aria-labelledby="library-heading">
        <h2 id="library-heading">Library</h2>
        <div className="filter-groups" data-testid="builder-filters">
          {(Object.keys(FILTER_LABELS) as FilterKind[]).map((kind) => (
            <div key={kind} className="filter-group">
              <span className="filter-group-label">{FILTER_LABELS[kind]}</span>
              {chips[kind].map((word) => (
                <button
                  key={word}
                  type="button"
                  className="filter-chip"
                  aria-pressed={filters[kind].includes(word)}
                  onClick={() => setFilters({ ...filters, [kind]: toggle(filters[kind], word) })}
                  data-testid={`filter-${kind}-${word}`}
                >
                  {word}
                </button>
              ))}
            </div>
          ))}
        </div>
        <p className="small muted" data-testid="builder-shown-count">
          {shown.length} of {items.length} items{describeFilters(filters) ? ` for ${describeFilters(filters)}` : ""}.{" "}
          {addable.length > 0 && (
            <button type="button" className="button small" onClick={() => setSelected([...selected, ...addable.map((item) => item.code)])} data-testid="add-all-shown">
              Add all {addable.length}
            </button>
          )}
        </p>
        <ul className="checklist-items" data-testid="builder-library">
          {shown.map((item) => (
            <ChecklistItemCard
              key={item.code}
              item={item}
              actions={
                <button type="button" className="button small" disabled={selected.includes(item.code)} onClick={() => setSelected([...selected, item.code])} data-testid={`add-${item.code}`}>
                  {selected.includes(item.code) ? "Added" : "Add"}
                </button>
              }
            />
          ))}
        </ul>
      </section>

      <section aria-labelledby="selection-heading">
        <h2 id="selection-heading">{editing ? `Editing “${editing.title}”` : "Your checklist"}</h2>
        {chosen.length === 0 ? (
          <p className="muted" data-testid="builder-empty">
            Add items from the library; they appear here in the order reviewers will read them.
          </p>
        ) : (
          <ol className="checklist-items" data-testid="builder-selection">
            {chosen.map((item, index) => (
              <ChecklistItemCard
                key={item.code}
                item={item}
                actions={
                  <>
                    <button type="button" className="button small subtle" aria-label={`Move ${item.code} up`} disabled={index === 0} onClick={() => setSelected(moveEntry(selected, index, -1))} data-testid={`move-up-${item.code}`}>
                      ↑
                    </button>
                    <button type="button" className="button small subtle" aria-label={`Move ${item.code} down`} disabled={index === chosen.length - 1} onClick={() => setSelected(moveEntry(selected, index, 1))} data-testid={`move-down-${item.code}`}>
                      ↓
                    </button>
                    <button type="button" className="button small subtle" aria-label={`Remove ${item.code}`} onClick={() => setSelected(selected.filter((code) => code !== item.code))} data-testid={`remove-${item.code}`}>
                      ×
                    </button>
                  </>
                }
              />
            ))}
          </ol>
        )}

        {chosen.length > 0 && (
          <>
            <h3>Preview</h3>
            <ExportPreview doc={{ title: form.title.trim() || "Review checklist", name: (editing?.name ?? form.name.trim()) || "review-checklist", source: "built in Casebook", items: chosen }} />
          </>
        )}

        <h3>{editing ? "Save changes" : "Save as a named checklist"}</h3>
        <form className="form-grid" onSubmit={save} data-testid="builder-save-form">
          <Field label="Name" field="name" error={error} hint="Lower-case words and dashes; used in exports (--checklist NAME).">
            <input value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} required disabled={Boolean(editing)} data-testid="checklist-name" />
          </Field>
          <Field label="Title" field="title" error={error}>
            <input value={form.title} onChange={(event) => setForm({ ...form, title: event.target.value })} required data-testid="checklist-title" />
          </Field>
          <Field label="Description" field="description" error={error} wide>
            <textarea rows={2} value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} data-testid="checklist-description" />
          </Field>
          <div className="form-actions wide">
            <FormError error={error} testId="checklist-save-error" />
            <button type="submit" className="button primary" disabled={pending || selected.length === 0} data-testid="checklist-save">
              {pending ? "Saving…" : editing ? "Save changes" : "Save checklist"}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
