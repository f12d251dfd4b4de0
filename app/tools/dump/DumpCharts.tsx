import { dumpChart } from "@/lib/analyzers/dump/chart";
import type { DumpReport } from "@/lib/analyzers/dump/report";

const WIDTH = 720;
const LABEL_WIDTH = 260;
const BAR_HEIGHT = 18;
const GAP = 6;

/** Strings per top header signature; signatures that form contiguous runs are drawn in the accent colour. */
function SignatureBars({ report }: { report: DumpReport }) {
  const { bars } = dumpChart(report);
  if (bars.length === 0) return null;
  const height = bars.length * (BAR_HEIGHT + GAP) + GAP;
  const room = WIDTH - LABEL_WIDTH - 90;
  return (
    <figure className="dump-chart" data-testid="dump-signature-chart">
      <figcaption>Strings per header signature (highlighted: signatures found in contiguous runs)</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Strings per header signature">
        {bars.map((bar, index) => {
          const y = GAP + index * (BAR_HEIGHT + GAP);
          return (
            <g key={bar.label}>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT - 5} textAnchor="end" className="dump-chart-label">
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={Math.max(1, bar.width * room)} height={BAR_HEIGHT} className={bar.inRuns ? "dump-bar dump-bar-runs" : "dump-bar"} />
              <text x={LABEL_WIDTH + Math.max(1, bar.width * room) + 6} y={y + BAR_HEIGHT - 5} className="dump-chart-value">
                {bar.count.toLocaleString("en")}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** The longest contiguous runs along the address range they span. */
function RunLayout({ report }: { report: DumpReport }) {
  const { runs, axis } = dumpChart(report);
  if (!axis) return null;
  const left = 20;
  const room = WIDTH - 2 * left;
  const height = runs.length * 16 + 50;
  return (
    <figure className="dump-chart" data-testid="dump-layout-chart">
      <figcaption>Address layout of the longest contiguous runs</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Address layout of the longest contiguous runs">
        <line x1={left} x2={left + room} y1={height - 30} y2={height - 30} className="dump-axis" />
        <text x={left} y={height - 12} className="dump-chart-label">
          {axis.from}
        </text>
        <text x={left + room} y={height - 12} textAnchor="end" className="dump-chart-label">
          {axis.to}
        </text>
        {runs.map((run, index) => (
          <rect key={`${run.start}-${index}`} x={left + run.x * room} y={8 + index * 16} width={run.width * room} height={12} className="dump-bar dump-bar-runs">
            <title>{`${run.label}: ${run.start}–${run.end}`}</title>
          </rect>
        ))}
      </svg>
    </figure>
  );
}

export function DumpCharts({ report }: { report: DumpReport }) {
  return (
    <div className="dump-charts">
      <SignatureBars report={report} />
      <RunLayout report={report} />
    </div>
  );
}
