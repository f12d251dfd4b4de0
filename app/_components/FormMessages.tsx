"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { ApiError } from "./api-client";

/** The form-level error: the server's message, or for a stale version a reload that keeps the typed text. */
export function FormError({ error, testId = "form-error" }: { error: ApiError | null; testId?: string }) {
  const router = useRouter();
  if (!error) return null;
  if (error.isStaleVersion) {
    return (
      <div className="form-error conflict" role="alert" data-testid={testId}>
        <strong>Changed by someone else — reload.</strong> Your text is kept here; reload to pick up the latest version, then save
        again.{" "}
        <button type="button" className="button small" onClick={() => router.refresh()} data-testid="reload-after-conflict">
          Reload
        </button>
      </div>
    );
  }
  const unplaced = error.issues.length > 1 ? null : error.message;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {unplaced ?? "Some fields need attention — see the notes next to them."}
      {error.issues.length > 1 && (
        <ul>
          {error.issues.map((issue, index) => (
            <li key={`${issue.path}-${index}`}>
              <code>{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Per-field notes from the API's `issues` (paths like "title" or "facts.version"). */
export function FieldIssues({ error, field }: { error: ApiError | null; field: string }) {
  const issues = error?.issuesFor(field) ?? [];
  if (issues.length === 0) return null;
  return (
    <span className="field-issue" data-testid={`issue-${field}`}>
      {issues.map((issue) => issue.message).join("; ")}
    </span>
  );
}

/** A labelled form control with its hint and issues underneath. */
export function Field({
  label,
  field,
  error,
  hint,
  wide,
  children,
}: {
  label: string;
  field: string;
  error: ApiError | null;
  hint?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <label className={wide ? "field wide" : "field"}>
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
      <FieldIssues error={error} field={field} />
    </label>
  );
}
