"use client";

import { useState, type ChangeEvent, type FormEvent } from "react";
import type { ChecklistForDiff } from "@/lib/checklists/for-diff";
import { describeEvidence } from "@/lib/checklists/match-diff";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";
import { ChecklistItemCard } from "./ChecklistItemCard";

type Mode = "diff" | "repo";
type Answer = ChecklistForDiff & { markdown: string };

/** Larger diffs belong to the CLI (`casebook checklist for-diff --diff FILE`); the API takes 10 MB. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * "Checklist for this change" in the browser: paste a diff or pick a .diff/.patch file, or name a
 * repository range; shows the ownership checker's findings first, then the items the change calls
 * for, and offers the same Markdown the CLI prints for a pull-request comment.
 */
export function ChecklistForDiffTool({ checklists, repoRoots }: { checklists: { name: string; title: string }[]; repoRoots: string[] }) {
  const [mode, setMode] = useState<Mode>("diff");
  const [diff, setDiff] = useState("");
  const [range, setRange] = useState({ repo: repoRoots[0] ? `${repoRoots[0].replace(/\/$/, "")}/` : "", base: "", head: "" });
  const [checklist, setChecklist] = useState("");
  const [fileNote, setFileNote] = useState("");
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [copied, setCopied] = useState(false);
  const { pending, error, run } = useApiAction();

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileNote(`${file.name} is larger than 10 MB; use casebook checklist for-diff --diff ${file.name}`);
      return;
    }
    setDiff(await file.text());
    setFileNote(`Loaded ${file.name}`);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const source = mode === "diff" ? { diff } : { repo: range.repo.trim(), base: range.base.trim(), head: range.head.trim() };
    const result = await run(() => callApi<Answer>("POST", "/api/v1/checklists/for-diff", { ...source, ...(checklist ? { checklist } : {}) }), { refresh: false });
    if (result.ok) {
      setAnswer(result.data);
      setCopied(false);
    }
  }

  async function copyMarkdown() {
    if (!answer) return;
    await navigator.clipboard.writeText(answer.markdown);
    setCopied(true);
  }

  return (
    <>
      <div className="format-tabs" role="tablist" aria-label="Input">
        <button type="button" role="tab" aria-selected={mode === "diff"} className={mode === "diff" ? "active" : undefined} onClick={() => setMode("diff")} data-testid="for-diff-mode-diff">
          Paste or upload a diff
        </button>
        <button type="button" role="tab" aria-selected={mode === "repo"} className={mode === "repo" ? "active" : undefined} onClick={() => setMode("repo")} data-testid="for-diff-mode-repo">
          Repository range
        </button>
      </div>
      <form className="form-grid checklist-diff-form" onSubmit={submit} data-testid="for-diff-form">
        {mode === "diff" ? (
          <>
            <Field label="Unified diff" field="diff" error={error} hint="git diff, git show or diff -u output; up to 10 MB." wide>
              <textarea rows={12} value={diff} onChange={(event) => setDiff(event.target.value)} required className="mono" spellCheck={false} data-testid="for-diff-text" />
            </Field>
            <Field label="…or a file" field="file" error={error} hint={fileNote || ".diff or .patch"} wide>
              <input type="file" accept=".diff,.patch,text/x-diff,text/plain" onChange={readFile} data-testid="for-diff-file" />
            </Field>
          </>
        ) : (
          <>
            <p className="wide muted small">
              {repoRoots.length > 0
                ? `Repositories under ${repoRoots.join(", ")} can be read; callers outside the diff are checked too.`
                : "Repository ranges are off on this server: set CASEBOOK_REPO_ROOTS, or paste a diff instead."}
            </p>
            <Field label="Repository path" field="repo" error={error} wide>
              <input value={range.repo} onChange={(event) => setRange({ ...range, repo: event.target.value })} required className="mono" data-testid="for-diff-repo" />
            </Field>
            <Field label="Base" field="base" error={error}>
              <input value={range.base} onChange={(event) => setRange({ ...range, base: event.target.value })} required data-testid="for-diff-base" />
            </Field>
            <Field label="Head" field="head" error={error}>
              <input value={range.head} onChange={(event) => setRange({ ...range, head: event.target.value })} required data-testid="for-diff-head" />
            </Field>
          </>
        )}
        <Field label="Items from" field="checklist" error={error} hint="The whole library, or only a saved checklist's items.">
          <select value={checklist} onChange={(event) => setChecklist(event.target.value)} data-testid="for-diff-checklist">
            <option value="">the whole library</option>
            {checklists.map((saved) => (
              <option key={saved.name} value={saved.name}>
                {saved.title} ({saved.name})
              </option>
            ))}
          </select>
        </Field>
        <div className="form-actions wide">
          <FormError error={error} testId="for-diff-error" />
          <button type="submit" className="button primary" disabled={pending} data-testid="for-diff-submit">
            {pending ? "Checking…" : "Build the checklist"}
          </button>
        </div>
      </form>
      {answer && (
        <section className="page-section" data-testid="for-diff-result">
          <h2>Ownership checker</h2>
          {answer.ownership.findings.length === 0 ? (
            <p data-testid="for-diff-no-findings">No ownership changes or double-free risks.</p>
          ) : (
            <ul data-testid="for-diff-findings">
              {answer.ownership.findings.map((finding) => (
                <li key={`${finding.file}:${finding.line}:${finding.kind}`} data-testid="for-diff-finding">
                  <strong>{finding.kind === "ownership-change" ? "Ownership change" : "Double-free risk"}</strong> in <code>{finding.function}</code> ({finding.file}:{finding.line}): {finding.message}
                </li>
              ))}
            </ul>
          )}
          <h2>Checklist: {answer.items.length} items for this change</h2>
          <ol className="checklist-items" data-testid="for-diff-items">
            {answer.items.map((applied) => (
              <ChecklistItemCard key={applied.item.code} item={applied.item} actions={<span className="small muted">{describeEvidence(applied.evidence)}</span>} />
            ))}
          </ol>
          <p className="small muted">
            {answer.notApplicable} other items did not apply.{" "}
            <button type="button" className="button small" onClick={copyMarkdown} data-testid="for-diff-copy">
              {copied ? "Copied" : "Copy Markdown for a PR comment"}
            </button>
          </p>
        </section>
      )}
    </>
  );
}
