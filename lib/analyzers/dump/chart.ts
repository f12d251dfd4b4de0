/**
 * Geometry of the dump report's two charts, computed from the report alone (no DOM, no Node): the web page
 * draws them as SVG. Bars: strings per top header signature. Layout: where the longest contiguous runs sit
 * in the address space, to the scale of the span they cover.
 */
import type { DumpReport } from "./report";

export interface SignatureBar {
  label: string;
  count: number;
  /** Bar length as a share of the longest bar, 0..1. */
  width: number;
  /** The signature belongs to a contiguous-run group (same type, len, alloc). */
  inRuns: boolean;
}

export interface RunSpan {
  label: string;
  start: string;
  end: string;
  count: number;
  /** Position and length as shares of the span covered by all runs shown, 0..1 (length at least 0.005 to stay visible). */
  x: number;
  width: number;
}

export interface DumpChart {
  bars: SignatureBar[];
  runs: RunSpan[];
  /** First and last address of the layout axis (empty without runs). */
  axis: { from: string; to: string } | null;
}

const MIN_SPAN_WIDTH = 0.005;

export function signatureLabel(signature: { type: string; len: number; alloc: number }): string {
  return `${signature.type} len ${signature.len} alloc ${signature.alloc}`;
}

export function dumpChart(report: DumpReport): DumpChart {
  const top = report.signatures.top;
  const highest = Math.max(1, ...top.map((row) => row.count));
  const runGroups = new Set(report.runs.groups.map(signatureLabel));
  const bars = top.map((row) => ({ label: signatureLabel(row), count: row.count, width: row.count / highest, inRuns: runGroups.has(signatureLabel(row)) }));

  const runs = report.runs.longest;
  if (runs.length === 0) return { bars, runs: [], axis: null };
  // Addresses stay below 2^53 (the analyzer refuses others), so Number parses them exactly.
  const starts = runs.map((run) => Number.parseInt(run.start, 16));
  // `end` is the last string's allocation; the run covers one stride beyond it.
  const ends = runs.map((run) => Number.parseInt(run.end, 16) + run.stride);
  const from = Math.min(...starts);
  const to = Math.max(...ends);
  const span = Math.max(1, to - from);
  const order = runs.map((_, index) => index).sort((a, b) => starts[a] - starts[b]);
  return {
    bars,
    runs: order.map((index) => {
      const run = runs[index];
      return {
        label: `${run.count} × ${signatureLabel(run)} at stride ${run.stride}`,
        start: run.start,
        end: run.end,
        count: run.count,
        x: (starts[index] - from) / span,
        width: Math.max(MIN_SPAN_WIDTH, (ends[index] - starts[index]) / span),
      };
    }),
    axis: { from: `0x${from.toString(16)}`, to: `0x${to.toString(16)}` },
  };
}
