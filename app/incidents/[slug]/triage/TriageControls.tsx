"use client";

import { useState, type FormEvent } from "react";
import type { RunbookOutcome } from "@/lib/runbooks/generate";
import { callApi } from "../../../_components/api-client";
import { FormError } from "../../../_components/FormMessages";
import { useApiAction } from "../../../_components/use-api-action";

const base = (slug: string) => `/api/v1/incidents/${slug}/triage`;

/** Start, restart, undo and finish: the session-level buttons. */
export function TriageSessionControls({ slug, status, version, canUndo, factsChanged }: { slug: string; status: "none" | "active" | "completed" | "abandoned"; version: number | null; canUndo: boolean; factsChanged: boolean }) {
  const { pending, error, run } = useApiAction();
  const post = (path: string, body: object) => run(() => callApi("POST", `${base(slug)}/${path}`, body));
  return (
    <div className="triage-controls" data-testid="triage-controls">
      <div className="button-row">
        {status !== "active" ? (
          <button type="button" className="button primary" disabled={pending} onClick={() => post("start", {})} data-testid="triage-start">
            {status === "none" ? "Start triage" : "Start a new triage"}
          </button>
        ) : (
          <>
            <button type="button" className="button" disabled={pending || !canUndo} onClick={() => post("undo", { version })} data-testid="triage-undo">
              Undo last step
            </button>
            <button
              type="button"
              className={`button${factsChanged ? " primary" : ""}`}
              disabled={pending}
              onClick={() => window.confirm("Abandon this triage and start over from the incident's current facts? Recorded timeline entries stay.") && post("start", { restart: true })}
              data-testid="triage-restart"
            >
              Restart from current facts
            </button>
            <button type="button" className="button" disabled={pending} onClick={() => post("finish", { version, status: "completed" })} data-testid="triage-finish">
              Finish triage
            </button>
          </>
        )}
      </div>
      <FormError error={error} testId="triage-controls-error" />
    </div>
  );
}

/** The current step's choices: one button per outcome (branch) with an optional note, or skip with a reason. */
export function TriageStepActions({ slug, version, stepId, outcomes, titles }: { slug: string; version: number; stepId: string; outcomes: RunbookOutcome[]; titles: Record<string, string> }) {
  const { pending, error, run } = useApiAction();
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");

  async function choose(outcome: string) {
    const result = await run(() => callApi("POST", `${base(slug)}/outcome`, { version, step: stepId, outcome, note }));
    if (result.ok) setNote("");
  }

  async function skip(event: FormEvent) {
    event.preventDefault();
    const result = await run(() => callApi("POST", `${base(slug)}/skip`, { version, step: stepId, reason }));
    if (result.ok) setReason("");
  }

  return (
    <div className="triage-actions no-print" data-testid="triage-actions">
      <label className="field wide">
        <span>Note (what you saw; goes into the timeline entry)</span>
        <textarea value={note} onChange={(event) => setNote(event.target.value)} rows={3} maxLength={4000} data-testid="triage-note" />
      </label>
      <p className="field-hint">What did you find? Each choice records one timeline entry and leads to the next step.</p>
      <ul className="triage-outcomes">
        {outcomes.map((outcome) => (
          <li key={outcome.id}>
            <button type="button" className="button" disabled={pending} onClick={() => choose(outcome.id)} data-testid={`triage-outcome-${outcome.id}`}>
              {outcome.label}
            </button>
            <span className="muted small">
              {" "}
              → {outcome.next ? titles[outcome.next] ?? outcome.next : "end of triage"} · records {outcome.records}
              {outcome.hypothesis && ` · ${outcome.hypothesis.link ?? "raises"} “${outcome.hypothesis.title}”`}
            </span>
          </li>
        ))}
      </ul>
      <form className="triage-skip" onSubmit={skip} noValidate>
        <label className="field wide">
          <span>Skip this step — reason (required)</span>
          <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={2000} data-testid="triage-skip-reason" />
        </label>
        <button type="submit" className="button subtle" disabled={pending || !reason.trim()} data-testid="triage-skip">
          Skip step
        </button>
      </form>
      <FormError error={error} testId="triage-error" />
    </div>
  );
}
