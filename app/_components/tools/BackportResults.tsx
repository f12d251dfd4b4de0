import type { FixKind } from "@/lib/analyzers/backports/classify";
import type { PastedLogResult } from "@/lib/analyzers/backports/pasted";
import type { BackportFix, BackportScanResult } from "@/lib/analyzers/backports/types";

const KIND_LABELS: Record<FixKind, string> = {
  "use-after-free": "use after free",
  "double-free": "double free",
  memory: "memory leak",
  fd: "fd leak",
  other: "other",
};

const PRESENT_VIA: Record<NonNullable<BackportFix["presentVia"]>, string> = {
  ancestry: "same commit",
  "patch-id": "equal patch (cherry-pick)",
  "cherry-pick": "-x trailer",
};

export function FixKindBadge({ kind }: { kind: FixKind }) {
  return (
    <span className={`badge fix-kind fix-kind-${kind}`} data-testid="fix-kind">
      {KIND_LABELS[kind]}
    </span>
  );
}

const short = (hash: string) => hash.slice(0, 10);

function CodeList({ items }: { items: string[] }) {
  return (
    <>
      {items.map((item, index) => (
        <span key={item}>
          {index > 0 && ", "}
          <code>{item}</code>
        </span>
      ))}
    </>
  );
}

function FixCard({ fix, rank, withFork }: { fix: BackportFix; rank: number; withFork: boolean }) {
  const firstTags = Object.entries(fix.firstTags);
  return (
    <li className="card tool-fix" data-testid="backport-fix">
      <div className="tool-fix-heading">
        <span className="tool-rank">{rank}</span>
        <FixKindBadge kind={fix.kind} />
        <strong className="tool-fix-subject">{fix.subject}</strong>
        {withFork && (
          <span className={`badge ${fix.presentInFork ? "tool-yes" : "tool-no"}`} data-testid="fix-in-fork">
            {fix.presentInFork ? "in the fork" : "not in the fork"}
          </span>
        )}
      </div>
      <dl className="tool-facts">
        <dt>First release</dt>
        <dd>
          {fix.firstTag ?? <span className="muted">not released yet</span>}
          {firstTags.length > 1 && <span className="muted small"> · {firstTags.map(([line, tag]) => `${line}: ${tag}`).join(", ")}</span>}
        </dd>
        <dt>Commits</dt>
        <dd>
          <ul className="tool-commits">
            {fix.commits.map((commit) => (
              <li key={commit.hash}>
                <code title={commit.hash}>{short(commit.hash)}</code> on {commit.branches.join(", ") || commit.branch}
              </li>
            ))}
          </ul>
        </dd>
        {fix.presentVia && (
          <>
            <dt>Present as</dt>
            <dd>{PRESENT_VIA[fix.presentVia]}</dd>
          </>
        )}
        {fix.files.length > 0 && (
          <>
            <dt>Files</dt>
            <dd>
              <CodeList items={fix.files} />
            </dd>
          </>
        )}
        {fix.functions.length > 0 && (
          <>
            <dt>Functions</dt>
            <dd>
              <CodeList items={fix.functions} />
            </dd>
          </>
        )}
        {fix.forkOverlap && (fix.forkOverlap.files.length > 0 || fix.forkOverlap.functions.length > 0) && (
          <>
            <dt>Fork overlap</dt>
            <dd className="tool-overlap" data-testid="fork-overlap">
              The fork&apos;s own commits also change{" "}
              {fix.forkOverlap.functions.length > 0 ? <CodeList items={fix.forkOverlap.functions} /> : <CodeList items={fix.forkOverlap.files} />} — port this fix by hand.
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}

/** Missing fixes ranked as the scanner ranks them; fixes already deployed folded away below. */
export function BackportScanView({ result }: { result: BackportScanResult }) {
  const withFork = Boolean(result.fork);
  return (
    <div data-testid="backport-scan">
      <p>
        Deployed <code>{result.deployed.ref}</code> (<code title={result.deployed.commit}>{short(result.deployed.commit)}</code>)
        {result.deployed.line && <>, release line {result.deployed.line}</>}
        {result.fork && (
          <>
            ; fork <code>{result.fork.ref}</code> (<code title={result.fork.commit}>{short(result.fork.commit)}</code>)
          </>
        )}
        .
      </p>
      <p className="muted small">
        Scanned {result.lines.map((line) => `${line.line} (${line.refKind} ${line.ref}, ${line.tags} tags)`).join("; ")} — {result.stats.commitsScanned}{" "}
        commits, {result.stats.candidates} candidates, {result.stats.elapsedMs} ms.
      </p>
      <h3 data-testid="missing-count">Missing from the deployed version ({result.fixes.length})</h3>
      {result.fixes.length === 0 ? (
        <p className="muted">Every memory-safety fix on the scanned lines is in the deployed version.</p>
      ) : (
        <ol className="card-list tool-fixes">
          {result.fixes.map((fix, index) => (
            <FixCard key={`${fix.subject}-${fix.commits[0]?.hash}`} fix={fix} rank={index + 1} withFork={withFork} />
          ))}
        </ol>
      )}
      <details className="tool-present" data-testid="present-fixes">
        <summary>Already in the deployed version ({result.present.length})</summary>
        {result.present.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ol className="card-list tool-fixes">
            {result.present.map((fix, index) => (
              <FixCard key={`${fix.subject}-${fix.commits[0]?.hash}`} fix={fix} rank={index + 1} withFork={withFork} />
            ))}
          </ol>
        )}
      </details>
    </div>
  );
}

export function PastedLogView({ result }: { result: PastedLogResult }) {
  return (
    <div data-testid="pasted-log">
      <p className="muted small">
        Read as {result.format}: {result.entries} entries, {result.fixes.length} look like memory-safety fixes.
      </p>
      {result.fixes.length === 0 ? (
        <p className="muted">No entry looks like a memory-safety fix.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Subject</th>
                <th>Version</th>
                <th>Commit</th>
                <th>Line</th>
              </tr>
            </thead>
            <tbody>
              {result.fixes.map((fix) => (
                <tr key={`${fix.line}-${fix.subject}`} data-testid="pasted-fix">
                  <td>
                    <FixKindBadge kind={fix.kind} />
                  </td>
                  <td>
                    {fix.subject}
                    {(fix.functions?.length ?? 0) > 0 && (
                      <div className="small muted">
                        <CodeList items={fix.functions!} />
                      </div>
                    )}
                  </td>
                  <td>{fix.version ?? <span className="muted">—</span>}</td>
                  <td>{fix.commit ? <code title={fix.commit}>{short(fix.commit)}</code> : <span className="muted">—</span>}</td>
                  <td className="numeric">{fix.line}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
