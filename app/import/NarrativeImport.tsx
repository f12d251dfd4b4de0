"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { NarrativeDraft } from "@/lib/narrative/draft";
import { callApi, toApiError, type ApiError } from "../_components/api-client";
import { FormError } from "../_components/FormMessages";
import { DraftEditor } from "./DraftEditor";
import { toEditable, toSaveRequest, type EditableDraft } from "./draft-state";
import { SourcePane } from "./SourcePane";

interface Saved {
  slug: string;
  url: string;
}

/**
 * Paste or upload a free-form postmortem, get a draft incident (POST /api/v1/import/narrative),
 * review it next to the source, then save it (POST /api/v1/import/narrative/save).
 */
export function NarrativeImport({ timeZones }: { timeZones: string[] }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [timezone, setTimezone] = useState("");
  const [day1, setDay1] = useState("");
  const [built, setBuilt] = useState<NarrativeDraft | null>(null);
  const [builtFrom, setBuiltFrom] = useState("");
  const [draft, setDraft] = useState<EditableDraft | null>(null);
  const [highlight, setHighlight] = useState<[number, number] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState<"build" | "save" | null>(null);

  async function build(event: FormEvent) {
    event.preventDefault();
    setPending("build");
    setError(null);
    try {
      const result = await callApi<NarrativeDraft>("POST", "/api/v1/import/narrative", { text, timezone: timezone || undefined, day1: day1 || undefined });
      setBuilt(result);
      setBuiltFrom(text);
      setDraft(toEditable(result));
      setHighlight(null);
      if (!day1 && !result.day1.assumed) setDay1(result.day1.date);
      if (!timezone) setTimezone(result.incident.timezone);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(null);
    }
  }

  async function save() {
    if (!draft) return;
    setPending("save");
    setError(null);
    try {
      const saved = await callApi<Saved>("POST", "/api/v1/import/narrative/save", toSaveRequest(draft));
      router.push(saved.url);
    } catch (caught) {
      setError(toApiError(caught));
      setPending(null);
    }
  }

  async function loadFile(file: File | undefined) {
    if (!file) return;
    setText(await file.text());
  }

  return (
    <div className="narrative-import">
      <form className="narrative-input card" onSubmit={build} data-testid="narrative-form">
        <label className="field">
          <span className="field-label">Postmortem (Markdown or plain text, English, 中文 or 日本語)</span>
          <textarea rows={built ? 4 : 14} value={text} onChange={(event) => setText(event.target.value)} placeholder={"16:30 Alert: memory at 90 %\n16:40 We suspect the new cache\n第二天10:00 发现泄漏的是 SDS 字符串…"} data-testid="narrative-text" />
        </label>
        <div className="narrative-options">
          <label className="field">
            <span className="field-label">…or upload a file</span>
            <input type="file" accept=".md,.markdown,.txt,text/plain,text/markdown" onChange={(event) => void loadFile(event.target.files?.[0])} data-testid="narrative-file" />
          </label>
          <label className="field">
            <span className="field-label">Time zone of the times</span>
            <input list="narrative-zones" value={timezone} onChange={(event) => setTimezone(event.target.value)} placeholder="guessed from the language" data-testid="narrative-timezone" />
            <datalist id="narrative-zones">
              {timeZones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span className="field-label">Day 1 (when the text gives times only)</span>
            <input type="date" value={day1} onChange={(event) => setDay1(event.target.value)} data-testid="narrative-day1" />
          </label>
          <button type="submit" className="button primary" disabled={pending !== null || !text.trim()} data-testid="narrative-build">
            {pending === "build" ? "Reading…" : built ? "Build the draft again" : "Build draft"}
          </button>
        </div>
      </form>

      <FormError error={error} testId="narrative-error" />

      {built && draft && (
        <>
          {built.warnings.length > 0 && (
            <ul className="narrative-warnings" data-testid="narrative-warnings">
              {built.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
          {built.attachments.length > 0 && (
            <p className="muted small" data-testid="narrative-images">
              {built.attachments.length} image{built.attachments.length === 1 ? "" : "s"} kept as placeholders in the entries ({built.attachments.map((image) => image.filename).join(", ")}); attach
              the files on the incident page after saving.
            </p>
          )}
          <div className="narrative-review">
            <section>
              <h2>Source</h2>
              <SourcePane text={builtFrom} highlight={highlight} />
            </section>
            <section>
              <h2>Draft</h2>
              <DraftEditor draft={draft} onChange={setDraft} onSelect={setHighlight} />
              <div className="button-row">
                <button type="button" className="button primary" onClick={() => void save()} disabled={pending !== null || draft.entries.length === 0} data-testid="narrative-save">
                  {pending === "save" ? "Saving…" : "Save as incident"}
                </button>
              </div>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
