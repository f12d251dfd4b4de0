import type { DumpReport } from "@/lib/analyzers/dump/report";
import { REGION_KINDS, STRING_TYPES } from "@/lib/analyzers/dump/types";
import { formatBytes, formatCount, formatShare } from "@/lib/analyzers/dump/verdict";
import { DumpCharts } from "./DumpCharts";

const CONCLUSION_LABELS: Record<DumpReport["verdict"]["conclusion"], string> = {
  "leak-suspected": "Leak suspected",
  "no-excess": "No excess strings",
  inconclusive: "Inconclusive",
  "nothing-found": "No strings found",
};

function Verdict({ report }: { report: DumpReport }) {
  const { verdict } = report;
  return (
    <div className={`card dump-verdict dump-verdict-${verdict.conclusion}`} data-testid="dump-verdict">
      <p>
        <span className="badge" data-testid="dump-conclusion">
          {CONCLUSION_LABELS[verdict.conclusion]}
        </span>{" "}
        <strong data-testid="dump-verdict-summary">{verdict.summary}</strong>
      </p>
      {verdict.evidence.length > 0 && (
        <ul>
          {verdict.evidence.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function InputSummary({ report }: { report: DumpReport }) {
  const { input, settings } = report;
  return (
    <>
      <p className="muted small" data-testid="dump-input">
        {input.format} · {formatBytes(input.bytes)} · scanned {formatBytes(input.scannedBytes)} ({settings.anonOnly ? "anonymous memory only" : "all regions"}) · align {settings.align} · min-len{" "}
        {settings.minLen} · content {settings.content}
        {input.hexdump && ` · hexdump: ${input.hexdump.dataLines} data lines, ${input.hexdump.badLines} unreadable`}
        {input.elf && ` · ELF core: ${input.elf.loadSegments} PT_LOAD segments, ${input.elf.fileMappings} file mappings`}
      </p>
      {input.warnings.length > 0 && (
        <ul className="dump-warnings small" data-testid="dump-warnings">
          {input.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function CountsTable({ report }: { report: DumpReport }) {
  const { strings, input } = report;
  const regions = REGION_KINDS.filter((kind) => strings.byRegion[kind] > 0 || input.regions[kind].scanned);
  const types = STRING_TYPES.filter((type) => strings.byType[type] > 0);
  return (
    <>
      <h3>Strings by type and region</h3>
      <p>
        {strings.total.toLocaleString("en")} decoded, {strings.keyLike.toLocaleString("en")} key-like. Header convention: <strong>{report.allocConvention.style}</strong>.
      </p>
      {types.length > 0 && (
        <table className="data-table" data-testid="dump-counts">
          <thead>
            <tr>
              <th>type</th>
              {regions.map((kind) => (
                <th key={kind}>{kind}</th>
              ))}
              <th>total</th>
            </tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <tr key={type}>
                <td>{type}</td>
                {regions.map((kind) => (
                  <td key={kind}>{strings.byTypeAndRegion[type][kind].toLocaleString("en")}</td>
                ))}
                <td>{strings.byType[type].toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Signatures({ report }: { report: DumpReport }) {
  if (report.signatures.top.length === 0) return null;
  return (
    <>
      <h3>Top header signatures</h3>
      <table className="data-table" data-testid="dump-signatures">
        <thead>
          <tr>
            <th>type</th>
            <th>len</th>
            <th>alloc</th>
            <th>count</th>
            <th>share</th>
            <th>first at</th>
            <th>bytes</th>
          </tr>
        </thead>
        <tbody>
          {report.signatures.top.map((row) => (
            <tr key={`${row.type}-${row.len}-${row.alloc}`}>
              <td>{row.type}</td>
              <td>{row.len}</td>
              <td>{row.alloc}</td>
              <td>{row.count.toLocaleString("en")}</td>
              <td>{formatShare(row.share)}</td>
              <td className="mono">{row.sampleAddress}</td>
              <td>
                <code className="dump-hex">{row.sampleHex}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Runs({ report }: { report: DumpReport }) {
  const { runs } = report;
  return (
    <>
      <h3>Contiguous runs</h3>
      <p data-testid="dump-runs-summary">
        {runs.runs.toLocaleString("en")} {runs.runs === 1 ? "run" : "runs"} of ≥ {runs.threshold} same-signature strings at a constant stride, holding {runs.stringsInRuns.toLocaleString("en")} strings (
        {formatShare(runs.share)}).
      </p>
      {runs.longest.length > 0 && (
        <table className="data-table" data-testid="dump-runs">
          <thead>
            <tr>
              <th>start</th>
              <th>end</th>
              <th>strings</th>
              <th>stride</th>
              <th>signature</th>
            </tr>
          </thead>
          <tbody>
            {runs.longest.map((run) => (
              <tr key={run.start}>
                <td className="mono">{run.start}</td>
                <td className="mono">{run.end}</td>
                <td>{run.count.toLocaleString("en")}</td>
                <td>{run.stride}</td>
                <td>
                  {run.type} {run.len}/{run.alloc}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Patterns({ report }: { report: DumpReport }) {
  const { patterns, ownership } = report;
  if (patterns.top.length === 0) return null;
  return (
    <>
      <h3>Key patterns</h3>
      <table className="data-table" data-testid="dump-patterns">
        <thead>
          <tr>
            <th>pattern</th>
            <th>count</th>
            <th>share</th>
            {ownership && <th>not owned</th>}
            <th>samples</th>
          </tr>
        </thead>
        <tbody>
          {patterns.top.map((row) => (
            <tr key={row.pattern}>
              <td>
                <code>{row.pattern}</code>
              </td>
              <td>{row.count.toLocaleString("en")}</td>
              <td>{formatShare(row.share)}</td>
              {ownership && <td>{formatShare(row.foreignShare ?? 0)}</td>}
              <td className="dump-samples">
                {row.samples.map((sample) => (
                  <code key={sample}>{sample}</code>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Ownership({ report }: { report: DumpReport }) {
  const { ownership, keyCount } = report;
  if (!ownership && !keyCount) return null;
  return (
    <>
      <h3>Cluster slot ownership</h3>
      {ownership && (
        <div data-testid="dump-ownership">
          <p>
            {ownership.nodeId ? `Node ${ownership.nodeId.slice(0, 12)}${ownership.address ? ` (${ownership.address})` : ""}` : "The node"} owns {ownership.ownedSlots} slots:{" "}
            <code>{ownership.ranges || "none"}</code> (from {ownership.source}).
          </p>
          <p>
            <strong>{formatShare(ownership.foreignShare)}</strong> of {ownership.keyLikeHashed.toLocaleString("en")} key-like strings ({ownership.foreign.toLocaleString("en")}) hash to slots it does not
            own.
          </p>
          {ownership.notes.length + ownership.migrations.length > 0 && (
            <ul className="small">
              {ownership.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
              {ownership.migrations.map((m) => (
                <li key={`${m.slot}-${m.direction}`}>
                  slot {m.slot} {m.direction} {m.direction === "migrating" ? "to" : "from"} {m.peer.slice(0, 12)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {keyCount && (
        <p data-testid="dump-keycount">
          {formatCount(keyCount.keyLikeStrings)} key-like strings for {formatCount(keyCount.dbsize)} keys (DBSIZE): {keyCount.ratio === null ? "n/a" : `${keyCount.ratio.toFixed(1)}×`}.
        </p>
      )}
    </>
  );
}

/** The dump report: verdict first, then the tables a person decides from, and the charts. */
export function DumpReportView({ report }: { report: DumpReport }) {
  return (
    <div className="dump-report" data-testid="dump-report">
      <Verdict report={report} />
      <InputSummary report={report} />
      <DumpCharts report={report} />
      <CountsTable report={report} />
      <Signatures report={report} />
      <Runs report={report} />
      <Patterns report={report} />
      <Ownership report={report} />
    </div>
  );
}
