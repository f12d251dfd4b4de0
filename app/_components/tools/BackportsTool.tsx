"use client";

import { useState, type FormEvent } from "react";
import type { PastedLogResult } from "@/lib/analyzers/backports/pasted";
import type { BackportScanResult } from "@/lib/analyzers/backports/types";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";
import { AttachToIncident, type AttachOption, type FiledEvidence, type IncidentChoice } from "./AttachToIncident";
import { BackportScanView, PastedLogView } from "./BackportResults";
import { ToolModeTabs } from "./ToolModeTabs";

const ENDPOINT = "/api/v1/analyze/backports";

type Mode = "repo" | "log";
type Shown = { mode: "repo"; result: BackportScanResult; request: Record<string, unknown> } | { mode: "log"; result: PastedLogResult; request: Record<string, unknown> };

/** Repository scan (paths under CASEBOOK_REPO_ROOTS) or pasted git log / release notes, with the result below. */
export function BackportsTool({ incidents, repoRoots }: { incidents: IncidentChoice[]; repoRoots: string[] }) {
  const [mode, setMode] = useState<Mode>(repoRoots.length > 0 ? "repo" : "log");
  const [scan, setScan] = useState({ repo: repoRoots[0] ? `${repoRoots[0].replace(/\/$/, "")}/` : "", version: "", fork: "", lines: "" });
  const [log, setLog] = useState("");
  const [shown, setShown] = useState<Shown | null>(null);
  const { pending, error, run } = useApiAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const request: Record<string, unknown> =
      mode === "log"
        ? { log }
        : {
            repo: scan.repo.trim(),
            version: scan.version.trim(),
            ...(scan.fork.trim() ? { fork: scan.fork.trim() } : {}),
            ...(scan.lines.trim() ? { lines: scan.lines.trim() } : {}),
          };
    const result = await run(() => callApi<BackportScanResult | PastedLogResult>("POST", ENDPOINT, request), { refresh: false });
    if (!result.ok) return;
    setShown(mode === "log" ? { mode, result: result.data as PastedLogResult, request } : { mode, result: result.data as BackportScanResult, request });
  }

  /** Runs the same request again with `attach`, and shows what was filed (a repository may have moved on). */
  async function attach(option: AttachOption): Promise<FiledEvidence> {
    if (!shown) throw new Error("run an analysis first");
    const filed = await callApi<{ result: unknown; evidence: FiledEvidence }>("POST", ENDPOINT, { ...shown.request, attach: option });
    setShown({ ...shown, result: filed.result } as Shown);
    return filed.evidence;
  }

  return (
    <>
      <ToolModeTabs modes={[{ id: "repo", label: "Scan a repository" }, { id: "log", label: "Paste a git log or release notes" }]} mode={mode} onChange={setMode} />
      <form className="form-grid tool-form" onSubmit={submit} data-testid="backports-form">
        {mode === "repo" ? (
          <>
            <p className="wide muted small" data-testid="repo-roots">
              {repoRoots.length > 0
                ? `Repositories under ${repoRoots.join(", ")} can be scanned (a local clone of upstream, with the fork's branch for “fork”).`
                : "Repository scans are off on this server: set CASEBOOK_REPO_ROOTS to the directories holding clones, or paste a log instead."}
            </p>
            <Field label="Repository path" field="repo" error={error} hint="Absolute path on the server." wide>
              <input value={scan.repo} onChange={(event) => setScan({ ...scan, repo: event.target.value })} required className="mono" data-testid="backports-repo" />
            </Field>
            <Field label="Deployed version" field="version" error={error} hint="A tag such as 3.2.8, or a commit.">
              <input value={scan.version} onChange={(event) => setScan({ ...scan, version: event.target.value })} required data-testid="backports-version" />
            </Field>
            <Field label="Fork branch or commit" field="fork" error={error} hint="Optional: which missing fixes the fork carries, where it overlaps.">
              <input value={scan.fork} onChange={(event) => setScan({ ...scan, fork: event.target.value })} data-testid="backports-fork" />
            </Field>
            <Field label="Release lines" field="lines" error={error} hint="Optional, comma-separated (3.2, 4.0, unstable); default: the deployed line, newer lines and the main branch." wide>
              <input value={scan.lines} onChange={(event) => setScan({ ...scan, lines: event.target.value })} data-testid="backports-lines" />
            </Field>
          </>
        ) : (
          <Field label="git log or release notes" field="log" error={error} hint="git log (default, --oneline or -p) or release notes with version headings." wide>
            <textarea rows={12} value={log} onChange={(event) => setLog(event.target.value)} required className="mono" spellCheck={false} data-testid="backports-log" />
          </Field>
        )}
        <div className="form-actions wide">
          <FormError error={error} testId="backports-error" />
          <button type="submit" className="button primary" disabled={pending} data-testid="backports-submit">
            {pending ? "Analysing…" : mode === "repo" ? "Scan" : "Classify"}
          </button>
        </div>
      </form>
      {shown && (
        <section className="page-section tool-result" data-testid="backports-result">
          <h2>{shown.mode === "repo" ? "Missing upstream fixes" : "Memory-safety fixes in the pasted text"}</h2>
          {shown.mode === "repo" ? <BackportScanView result={shown.result} /> : <PastedLogView result={shown.result} />}
          <AttachToIncident incidents={incidents} attach={attach} />
        </section>
      )}
    </>
  );
}
