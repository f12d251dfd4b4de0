import type { DiffReviewResult, Feature, FeatureFunction, Finding } from "@/lib/analyzers/diff-review/types";

const FINDING_TITLES: Record<Finding["kind"], string> = {
  "ownership-change": "Ownership change",
  "double-free-risk": "Double-free risk",
};

const at = (file: string, line: number | undefined) => (line === undefined ? file : `${file}:${line}`);

function FindingCard({ finding }: { finding: Finding }) {
  const what = finding.kind === "ownership-change" ? "Allocations" : "Release calls";
  return (
    <li className={`card tool-finding tool-finding-${finding.kind}`} data-testid="finding">
      <div className="tool-fix-heading">
        <span className="badge tool-finding-badge">{FINDING_TITLES[finding.kind]}</span>
        <code>{finding.function}</code>
        <span className="muted small mono">{at(finding.file, finding.line)}</span>
      </div>
      <p className="tool-finding-message" data-testid="finding-message">
        {finding.message}
      </p>
      <p className="small muted">
        {what} ({finding.channel}): {finding.allocations.map((allocation) => `${allocation.call} @ ${allocation.line}`).join(", ")}
      </p>
      {finding.callers.length > 0 && (
        <div className="table-scroll">
          <table className="data-table tool-callers">
            <thead>
              <tr>
                <th>Caller</th>
                <th>Call site</th>
                <th>Updated in this change</th>
                <th>Releases</th>
              </tr>
            </thead>
            <tbody>
              {finding.callers.map((caller) => (
                <tr key={`${caller.file}:${caller.line}:${caller.function}`} data-testid="finding-caller">
                  <td>
                    <code>{caller.function}</code>
                  </td>
                  <td className="mono small">{at(caller.file, caller.line)}</td>
                  <td>{caller.updated ? "yes" : <strong>no</strong>}</td>
                  <td>{caller.releases ? "yes" : caller.disposal === "passes-on" ? "passes it on" : "no"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}

function FunctionRow({ fn }: { fn: FeatureFunction }) {
  const callees = fn.callees.filter((callee) => callee.file !== undefined);
  return (
    <li className="tool-function" data-testid="feature-function">
      <div>
        <code>{fn.name}</code> <span className="muted small">line {fn.line}</span>{" "}
        {fn.changed ? <span className="badge tool-changed">changed</span> : <span className="badge">unchanged caller</span>}
      </div>
      {fn.callers.length > 0 && (
        <div className="small">
          <span className="muted">called by </span>
          {fn.callers.map((caller, index) => (
            <span key={`${caller.file}:${caller.line}`}>
              {index > 0 && ", "}
              <code>{caller.function}</code> <span className="muted mono">({at(caller.file, caller.line)})</span>
            </span>
          ))}
        </div>
      )}
      {callees.length > 0 && (
        <div className="small">
          <span className="muted">calls </span>
          {callees.map((callee, index) => (
            <span key={`${callee.function}-${index}`}>
              {index > 0 && ", "}
              <code>{callee.function}</code> <span className="muted mono">({at(callee.file!, callee.line)})</span>
            </span>
          ))}
        </div>
      )}
    </li>
  );
}

function FeatureFile({ feature }: { feature: Feature }) {
  return (
    <li className="tool-feature" data-testid="feature-file">
      <h4 className="mono">{feature.file}</h4>
      <ul className="tool-functions">
        {feature.functions.map((fn) => (
          <FunctionRow key={fn.name} fn={fn} />
        ))}
      </ul>
    </li>
  );
}

/** Findings first, then the order to read the change in, then the change grouped file → function. */
export function DiffReviewResults({ result }: { result: DiffReviewResult }) {
  return (
    <div data-testid="diff-review">
      <p>
        {result.stats.changedFunctions} changed function(s) in {result.stats.files} file(s); <strong data-testid="finding-count">{result.findings.length} finding(s)</strong>.
      </p>
      {!result.callersChecked && (
        <p className="muted small" data-testid="callers-not-checked">
          Callers outside the diff were not checked: review base..head of a repository on the server to check them.
        </p>
      )}
      <h3>Findings</h3>
      {result.findings.length === 0 ? (
        <p className="muted">No ownership changes or double-free risks found.</p>
      ) : (
        <ol className="card-list tool-findings">
          {result.findings.map((finding) => (
            <FindingCard key={`${finding.kind}-${finding.file}-${finding.function}-${finding.channel}`} finding={finding} />
          ))}
        </ol>
      )}
      <h3>Review walk-list</h3>
      {result.walkList.length === 0 ? (
        <p className="muted">Nothing to review.</p>
      ) : (
        <ol className="tool-walk-list" data-testid="walk-list">
          {result.walkList.map((step) => (
            <li key={step.step} data-testid="walk-step">
              <code>{step.function}</code> <span className="muted small mono">{at(step.file, step.line)}</span>
              <span className="tool-reasons"> — {step.reasons.join("; ")}</span>
            </li>
          ))}
        </ol>
      )}
      <h3>By feature: file → function</h3>
      {result.features.length === 0 ? (
        <p className="muted">No C functions changed.</p>
      ) : (
        <ul className="tool-features">
          {result.features.map((feature) => (
            <FeatureFile key={feature.file} feature={feature} />
          ))}
        </ul>
      )}
    </div>
  );
}
