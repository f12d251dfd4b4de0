/**
 * The trigger-window chart as a standalone SVG string: the series, the fitted segments, a vertical
 * marker per change and a tick per logged event (hover shows the log line). Every piece of text is
 * XML-escaped — event lines come from logs and may contain anything.
 */
import { formatAmount, type TriggerWindowResult } from "./analyze";

export interface ChartOptions {
  width?: number;
  height?: number;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

const MARGIN = { left: 64, right: 16, top: 28, bottom: 58 };

/** Per pixel column, the first, lowest, highest and last point: keeps spikes visible at any length. */
function thin(points: { t: number; value: number }[], columns: number, x: (t: number) => number) {
  if (points.length <= columns * 2) return points;
  const kept: { t: number; value: number }[] = [];
  let column = -1;
  let group: { t: number; value: number }[] = [];
  const flush = () => {
    if (!group.length) return;
    const low = group.reduce((a, b) => (b.value < a.value ? b : a));
    const high = group.reduce((a, b) => (b.value > a.value ? b : a));
    const chosen = [group[0], low, high, group[group.length - 1]].sort((a, b) => a.t - b.t);
    for (const point of chosen) if (kept[kept.length - 1] !== point) kept.push(point);
  };
  for (const point of points) {
    const c = Math.floor(x(point.t));
    if (c !== column) {
      flush();
      group = [];
      column = c;
    }
    group.push(point);
  }
  flush();
  return kept;
}

function timeLabel(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

export function renderTriggerWindowSvg(result: TriggerWindowResult, options: ChartOptions = {}): string {
  const width = options.width ?? 900;
  const height = options.height ?? 320;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const t0 = result.points[0].t;
  const t1 = result.points[result.points.length - 1].t;
  const { min, max } = result.series;
  const pad = (max - min || Math.abs(max) || 1) * 0.05;
  const low = min - pad;
  const high = max + pad;
  const x = (t: number) => MARGIN.left + ((t - t0) / (t1 - t0 || 1)) * plotW;
  const y = (value: number) => MARGIN.top + (1 - (value - low) / (high - low)) * plotH;
  const f = (n: number) => n.toFixed(1);
  const out: string[] = [];
  const title = `Memory series ${result.series.from} to ${result.series.to}: ${result.summary}`;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="#ffffff" stroke="#d1d5db"/>`);

  for (const value of [min, (min + max) / 2, max]) {
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(y(value))}" y2="${f(y(value))}" stroke="#f1f5f9"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${f(y(value) + 4)}" text-anchor="end" fill="#6b7280">${escapeXml(formatAmount(value))}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    out.push(`<text x="${f(x(t))}" y="${height - 8}" text-anchor="${i === 0 ? "start" : i === 4 ? "end" : "middle"}" fill="#6b7280">${escapeXml(timeLabel(t, result.timeZone))}</text>`);
  }

  const series = thin(result.points, plotW, x).map((point) => `${f(x(point.t))},${f(y(point.value))}`).join(" ");
  out.push(`<polyline points="${series}" fill="none" stroke="#2f5bd3" stroke-width="1.5"/>`);
  for (const segment of result.segments) {
    const from = Date.parse(segment.from);
    const to = Date.parse(segment.to);
    out.push(`<line x1="${f(x(from))}" y1="${f(y(segment.startValue))}" x2="${f(x(to))}" y2="${f(y(segment.endValue))}" stroke="#111827" stroke-width="1" stroke-dasharray="4 3" opacity="0.6"/>`);
  }

  for (const change of result.changes) {
    const at = x(Date.parse(change.at));
    const colour = change.kind === "step" ? (change.direction === "up" ? "#dc2626" : "#16a34a") : "#d97706";
    const label = change.kind === "step" ? `${change.direction === "up" ? "+" : "−"}${formatAmount(Math.abs(change.jump))}` : "slope";
    out.push(`<g class="change"><title>${escapeXml(`${change.kind} at ${change.at}: ${formatAmount(change.levelBefore)} → ${formatAmount(change.levelAfter)}`)}</title>`);
    out.push(`<line x1="${f(at)}" x2="${f(at)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5 3"/>`);
    out.push(`<text x="${f(at)}" y="${MARGIN.top - 8}" text-anchor="middle" fill="${colour}" font-weight="600">${escapeXml(label)}</text></g>`);
  }

  const band = MARGIN.top + plotH + 10;
  for (const event of result.events) {
    if (event.t < t0 || event.t > t1) continue;
    const at = x(event.t);
    const colour = event.kind ? "#7c3aed" : "#9ca3af";
    out.push(`<g class="event"><title>${escapeXml(`${event.at} line ${event.line}${event.kind ? ` [${event.kind}]` : ""}: ${event.text}`)}</title>`);
    out.push(`<path d="M${f(at)} ${band} l-4 8 h8 z" fill="${colour}"/></g>`);
  }
  out.push("</svg>");
  return out.join("\n");
}
