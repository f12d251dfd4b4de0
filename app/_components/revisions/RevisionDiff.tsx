import type { FieldChange } from "@/lib/domain/revision-diff";
import { formatValue } from "@/lib/view/format";

const LINE_MARKS = { same: " ", add: "+", remove: "−" } as const;

/**
 * Field-by-field changes; long text is shown as a line diff. A first or a deleted state has only
 * one side, so it is shown as plain values.
 */
export function RevisionDiff({ changes, mode }: { changes: FieldChange[]; mode: "changed" | "first" | "deleted" }) {
  if (changes.length === 0) return <p className="muted">No field changed (only bookkeeping such as the version number).</p>;
  return (
    <div className="revision-diff" data-testid="revision-diff">
      {changes.map((change) => (
        <section key={change.field} className="field-change" data-testid="field-change" data-field={change.field}>
          <h3 className="mono">{change.field}</h3>
          {mode !== "changed" ? (
            <pre className="single-value">{formatValue(mode === "deleted" ? change.before : change.after)}</pre>
          ) : change.lines ? (
            <pre className="line-diff">
              {change.lines.map((line, index) => (
                <div key={index} className={`diff-line diff-${line.op}`}>
                  <span className="diff-mark" aria-hidden="true">
                    {LINE_MARKS[line.op]}
                  </span>
                  {line.text || " "}
                </div>
              ))}
            </pre>
          ) : (
            <div className="value-change">
              <div className="diff-before">
                <span className="muted small">before</span>
                <pre>{formatValue(change.before)}</pre>
              </div>
              <div className="diff-after">
                <span className="muted small">after</span>
                <pre>{formatValue(change.after)}</pre>
              </div>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
