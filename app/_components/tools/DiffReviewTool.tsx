"use client";

import { useState, type FormEvent } from "react";
import { renderDiffReviewMarkdown } from "@/lib/analyzers/diff-review/markdown";
import type { DiffReviewResult } from "@/lib/analyzers/diff-review/types";
import { splitCommaList } from "@/lib/view/incident-form";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";
import { AttachToIncident, type AttachOption, type FiledEvidence, type IncidentChoice } from "./AttachToIncident";
import { DiffReviewResults } from "./DiffReviewResults";
import { ToolModeTabs } from "./ToolModeTabs";

const ENDPOINT = "/api/v1/analyze/diff";

type Mode = "diff" | "repo";

/** Offers the Markdown report (the same text the CLI's --markdown prints) as a file download. */
function downloadMarkdown(result: DiffReviewResult, lessonPath: string | undefined) {
  const lessonUrl = lessonPath ? new URL(lessonPath, window.location.origin).toString() : undefined;
  const url = URL.createObjectURL(new Blob([renderDiffReviewMarkdown(result, { lessonUrl })], { type: "text/markdown;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = "diff-review.md";
  link.click();
  // Revoked on the next tick: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Pasted diff, or base..head of a repository under CASEBOOK_REPO_ROOTS (callers outside the diff checked too). */
export function DiffReviewTool({ incidents, repoRoots, lessonPath }: { incidents: IncidentChoice[]; repoRoots: string[]; lessonPath?: string }) {
  const [mode, setMode] = useState<Mode>("diff");
  const [diff, setDiff] = useState("");
  const [range, setRange] = useState({ repo: repoRoots[0] ? `${repoRoots[0].replace(/\/$/, "")}/` : "", base: "", head: "" });
  const [names, setNames] = useState({ allocators: "", releasers: "" });
  const [shown, setShown] = useState<{ result: DiffReviewResult; request: Record<string, unknown> } | null>(null);
  const { pending, error, run } = useApiAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const allocators = splitCommaList(names.allocators);
    const releasers = splitCommaList(names.releasers);
    const request: Record<string, unknown> = {
      ...(mode === "diff" ? { diff } : { repo: range.repo.trim(), base: range.base.trim(), head: range.head.trim() }),
      ...(allocators.length ? { allocators } : {}),
      ...(releasers.length ? { releasers } : {}),
    };
    const result = await run(() => callApi<DiffReviewResult>("POST", ENDPOINT, request), { refresh: false });
    if (result.ok) setShown({ result: result.data, request });
  }

  /** Runs the same review again with `attach`, and shows what was filed. */
  async function attach(option: AttachOption): Promise<FiledEvidence> {
    if (!shown) throw new Error("run a review first");
    const filed = await callApi<{ result: DiffReviewResult; evidence: FiledEvidence }>("POST", ENDPOINT, { ...shown.request, attach: option });
    setShown({ ...shown, result: filed.result });
    return filed.evidence;
  }

  return (
    <>
      <ToolModeTabs modes={[{ id: "diff", label: "Paste a diff" }, { id: "repo", label: "Review a repository range" }]} mode={mode} onChange={setMode} />
      <form className="form-grid tool-form" onSubmit={submit} data-testid="diff-review-form">
        {mode === "diff" ? (
          <Field label="Unified diff" field="diff" error={error} hint="git diff, git show or diff -u output; up to 10 MB." wide>
            <textarea rows={14} value={diff} onChange={(event) => setDiff(event.target.value)} required className="mono" spellCheck={false} data-testid="diff-text" />
          </Field>
        ) : (
          <>
            <p className="wide muted small" data-testid="repo-roots">
              {repoRoots.length > 0
                ? `Repositories under ${repoRoots.join(", ")} can be reviewed; whole files are read, so callers outside the diff are checked too.`
                : "Repository reviews are off on this server: set CASEBOOK_REPO_ROOTS to the directories holding clones, or paste a diff instead."}
            </p>
            <Field label="Repository path" field="repo" error={error} hint="Absolute path on the server." wide>
              <input value={range.repo} onChange={(event) => setRange({ ...range, repo: event.target.value })} required className="mono" data-testid="diff-repo" />
            </Field>
            <Field label="Base" field="base" error={error} hint="Branch, tag or commit before the change.">
              <input value={range.base} onChange={(event) => setRange({ ...range, base: event.target.value })} required data-testid="diff-base" />
            </Field>
            <Field label="Head" field="head" error={error} hint="Branch, tag or commit with the change.">
              <input value={range.head} onChange={(event) => setRange({ ...range, head: event.target.value })} required data-testid="diff-head" />
            </Field>
          </>
        )}
        <Field label="Extra allocators" field="allocators" error={error} hint="Optional, comma-separated C function names returning owned memory.">
          <input value={names.allocators} onChange={(event) => setNames({ ...names, allocators: event.target.value })} className="mono" data-testid="diff-allocators" />
        </Field>
        <Field label="Extra releasers" field="releasers" error={error} hint="Optional, comma-separated C function names that free.">
          <input value={names.releasers} onChange={(event) => setNames({ ...names, releasers: event.target.value })} className="mono" data-testid="diff-releasers" />
        </Field>
        <div className="form-actions wide">
          <FormError error={error} testId="diff-review-error" />
          <button type="submit" className="button primary" disabled={pending} data-testid="diff-review-submit">
            {pending ? "Reviewing…" : "Review"}
          </button>
        </div>
      </form>
      {shown && (
        <section className="page-section tool-result" data-testid="diff-review-result">
          <div className="tool-result-heading">
            <h2>Review by feature</h2>
            <button type="button" className="button small" onClick={() => downloadMarkdown(shown.result, lessonPath)} data-testid="download-markdown">
              Download Markdown
            </button>
          </div>
          <DiffReviewResults result={shown.result} />
          <AttachToIncident incidents={incidents} attach={attach} />
        </section>
      )}
    </>
  );
}
