/**
 * The trigger-window tool: a memory series and an event log → the steps and slopes of the series, the
 * events within the window of each change, and the facts to record (symptoms, events).
 */
import { formatZonedIso } from "../../domain/entry-time";
import { InvalidInputError } from "../../errors";
import { changePenalty, despike, LineFitter, pelt, pruneWeakChanges, refineSplit, robustNoise } from "./changepoints";
import { parseEventLog, parseMetricsCsv, requireSomeParsed, type LineProblem, type LogEvent } from "./inputs";

export const DEFAULT_WINDOW_MINUTES = 10;
/** Detection runs on at most this many points (bucket means); changes are then placed on the original points. */
const MAX_DETECTION_POINTS = 2000;
const MIN_POINTS = 8;
/** Fitted values carry float noise (1e-13); three decimals are more than any metric needs. */
const round = (value: number) => Math.round(value * 1000) / 1000;
const HOUR = 3_600_000;
/** Events listed in the result (and drawn): those of a known kind and those near a change, up to this many. */
const MAX_LISTED_EVENTS = 2000;

export interface TriggerWindowOptions {
  /** Minutes before the last point of a segment and after the first point of the next one. */
  windowMinutes?: number;
  /** IANA zone for timestamps without an offset (Redis logs are in the server's local time). */
  timeZone?: string;
}

export interface WindowEvent {
  at: string;
  line: number;
  text: string;
  kind: string | null;
  /** Seconds from the change (negative: before). */
  offsetSeconds: number;
}

export interface SeriesChange {
  /** Index (in the sorted series) of the first point after the change. */
  index: number;
  /** Midpoint between the last point before and the first point after. */
  at: string;
  lastBefore: string;
  firstAfter: string;
  kind: "step" | "slope-change";
  direction: "up" | "down";
  /** Jump of the fitted lines at the change, in the metric's unit. */
  jump: number;
  /** |jump| in units of the noise level. */
  significance: number;
  levelBefore: number;
  levelAfter: number;
  slopeBeforePerHour: number;
  slopeAfterPerHour: number;
  events: WindowEvent[];
}

export interface SeriesSegment {
  startIndex: number;
  endIndex: number;
  from: string;
  to: string;
  startValue: number;
  endValue: number;
  slopePerHour: number;
}

export type GrowthKind = "step-growth" | "slope-growth" | "step-and-slope" | "flat";

export interface TriggerWindowResult {
  kind: GrowthKind;
  summary: string;
  series: { points: number; from: string; to: string; min: number; max: number; noise: number; medianIntervalSeconds: number; detectedOn: number; spikesIgnored: number; duplicateTimestamps: number; eventsRead: number };
  changes: SeriesChange[];
  segments: SeriesSegment[];
  events: (LogEvent & { at: string })[];
  suggestedFacts: { symptoms: string[]; events: string[] };
  windowMinutes: number;
  timeZone: string;
  problems: { metrics: LineProblem[]; events: LineProblem[] };
  /** The sorted series, for the chart. */
  points: { t: number; value: number }[];
}


function bucketize(t: number[], y: Float64Array, buckets: number) {
  const n = t.length;
  const starts: number[] = [];
  const bt: number[] = [];
  const by: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let sumT = 0;
    let sumY = 0;
    for (let i = start; i < end; i++) {
      sumT += t[i];
      sumY += y[i];
    }
    starts.push(start);
    bt.push(sumT / (end - start));
    by.push(sumY / (end - start));
  }
  starts.push(n);
  return { starts, t: bt, y: by };
}

/** Change indices on the original series. */
function detectChanges(t: number[], y: Float64Array, noise: number, fitter: LineFitter): number[] {
  const n = t.length;
  if (n <= MAX_DETECTION_POINTS) return pelt(fitter, n, changePenalty(noise, n), Math.max(4, Math.ceil(n / 100)));
  const buckets = bucketize(t, y, MAX_DETECTION_POINTS);
  const coarse = new LineFitter(buckets.t, buckets.y);
  const minSize = Math.max(4, Math.ceil(MAX_DETECTION_POINTS / 100));
  // Averaging k points divides the noise by √k; the penalty must follow.
  const coarseNoise = robustNoise(buckets.y) || noise / Math.sqrt(n / MAX_DETECTION_POINTS);
  const found = pelt(coarse, MAX_DETECTION_POINTS, changePenalty(coarseNoise, MAX_DETECTION_POINTS), minSize);
  const mapped = found.map((bucket) => buckets.starts[bucket]);
  const refined = found.map((bucket, i) => {
    const lo = i === 0 ? 0 : mapped[i - 1];
    const hi = i === found.length - 1 ? n : mapped[i + 1];
    return refineSplit(fitter, lo, hi, buckets.starts[bucket - 1], buckets.starts[bucket + 1] ?? n, 2);
  });
  return pruneWeakChanges(fitter, n, [...new Set(refined)].sort((a, b) => a - b), changePenalty(noise, n));
}

export function analyzeTriggerWindow(metricsText: string, eventsText: string, options: TriggerWindowOptions = {}): TriggerWindowResult {
  const timeZone = options.timeZone ?? "UTC";
  const windowMinutes = options.windowMinutes ?? DEFAULT_WINDOW_MINUTES;
  if (!(windowMinutes > 0 && windowMinutes <= 7 * 24 * 60)) throw new InvalidInputError(`the window must be between 0 and 10080 minutes, got ${windowMinutes}`);
  const metrics = parseMetricsCsv(metricsText, timeZone);
  requireSomeParsed("metrics", metricsText, metrics.points.length, metrics.problems);
  if (metrics.points.length < MIN_POINTS) throw new InvalidInputError(`the metrics have ${metrics.points.length} readable point(s); at least ${MIN_POINTS} are needed to tell a step from a slope`);
  const log = eventsText.trim() ? parseEventLog(eventsText, timeZone) : { events: [], problems: [] };
  if (eventsText.trim()) requireSomeParsed("events", eventsText, log.events.length, log.problems);

  // Times are shown in the zone the responder works in (the offset keeps them unambiguous).
  const iso = (ms: number) => formatZonedIso(new Date(ms), timeZone);
  const t = metrics.points.map((point) => point.t);
  const raw = metrics.points.map((point) => point.value);
  const min = raw.reduce((a, b) => (b < a ? b : a));
  const max = raw.reduce((a, b) => (b > a ? b : a));
  const span = t[t.length - 1] - t[0] || 1;
  // Normalised coordinates keep the prefix sums well conditioned (epoch ms squared would not be).
  const scale = max - min || 1;
  const tn = t.map((value) => (value - t[0]) / span);
  const noiseRaw = Math.max(robustNoise(raw.map((value) => (value - min) / scale)), 1e-4);
  const { values: y, replaced } = despike(raw.map((value) => (value - min) / scale), 4 * noiseRaw);
  const noise = Math.max(robustNoise(y), 1e-4);
  const fitter = new LineFitter(tn, y);
  const changeIndices = detectChanges(tn, y, noise, fitter);

  const bounds = [0, ...changeIndices, t.length];
  const toValue = (normalized: number) => normalized * scale + min;
  const perHour = (slope: number) => ((slope * scale) / span) * HOUR;
  const lines = bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1], ...fitter.line(start, bounds[i + 1]) }));
  const segments: SeriesSegment[] = lines.map((line) => ({
    startIndex: line.start,
    endIndex: line.end,
    from: iso(t[line.start]),
    to: iso(t[line.end - 1]),
    startValue: round(toValue(line.intercept + line.slope * tn[line.start])),
    endValue: round(toValue(line.intercept + line.slope * tn[line.end - 1])),
    slopePerHour: round(perHour(line.slope)),
  }));

  const windowMs = windowMinutes * 60_000;
  const stepFloor = Math.max(5 * noise, 0.01);
  const changes: SeriesChange[] = changeIndices.map((index, i) => {
    const left = lines[i];
    const right = lines[i + 1];
    const mid = (tn[index - 1] + tn[index]) / 2;
    const before = left.intercept + left.slope * mid;
    const after = right.intercept + right.slope * mid;
    const jumpNormalized = after - before;
    const atMs = (t[index - 1] + t[index]) / 2;
    const events = log.events
      .filter((event) => event.t >= t[index - 1] - windowMs && event.t <= t[index] + windowMs)
      .map((event) => ({ at: iso(event.t), line: event.line, text: event.text, kind: event.kind, offsetSeconds: Math.round((event.t - atMs) / 1000) }));
    return {
      index,
      at: iso(atMs),
      lastBefore: iso(t[index - 1]),
      firstAfter: iso(t[index]),
      kind: Math.abs(jumpNormalized) >= stepFloor ? "step" : "slope-change",
      direction: jumpNormalized >= 0 ? "up" : "down",
      jump: round(jumpNormalized * scale),
      significance: Math.round((Math.abs(jumpNormalized) / noise) * 10) / 10,
      levelBefore: round(toValue(before)),
      levelAfter: round(toValue(after)),
      slopeBeforePerHour: round(perHour(left.slope)),
      slopeAfterPerHour: round(perHour(right.slope)),
      events,
    };
  });

  const upSteps = changes.filter((change) => change.kind === "step" && change.direction === "up");
  // A segment grows when its fitted rise clears both the noise and 5 % of the series' range.
  const growing = lines.filter((line) => line.slope * (tn[line.end - 1] - tn[line.start]) >= Math.max(5 * noise, 0.05));
  const drops = changes.filter((change) => change.kind === "step" && change.direction === "down").length;
  const kind: GrowthKind = upSteps.length && growing.length ? "step-and-slope" : upSteps.length ? "step-growth" : growing.length ? "slope-growth" : "flat";
  const stepEvents = [...new Set(upSteps.flatMap((change) => change.events.map((event) => event.kind)).filter((event): event is string => event !== null))].sort();
  const intervals = t.slice(1).map((value, i) => value - t[i]).sort((a, b) => a - b);

  return {
    kind,
    summary: summarize(kind, upSteps, growing.length, drops),
    series: {
      points: t.length,
      from: iso(t[0]),
      to: iso(t[t.length - 1]),
      min,
      max,
      noise: round(noise * scale),
      medianIntervalSeconds: Math.round(intervals[intervals.length >> 1] / 1000),
      detectedOn: Math.min(t.length, MAX_DETECTION_POINTS),
      spikesIgnored: replaced,
      duplicateTimestamps: metrics.duplicates,
      eventsRead: log.events.length,
    },
    changes,
    segments,
    events: listedEvents(log.events, changes, iso),
    suggestedFacts: { symptoms: kind === "flat" ? [] : kind === "step-and-slope" ? ["step-growth", "slope-growth"] : [kind], events: stepEvents },
    windowMinutes,
    timeZone,
    problems: { metrics: metrics.problems, events: log.problems },
    points: metrics.points.map((point) => ({ t: point.t, value: point.value })),
  };
}

function listedEvents(events: LogEvent[], changes: SeriesChange[], iso: (ms: number) => string) {
  const nearChange = new Set(changes.flatMap((change) => change.events.map((event) => event.line)));
  return events
    .filter((event) => event.kind !== null || nearChange.has(event.line))
    .slice(0, MAX_LISTED_EVENTS)
    .map((event) => ({ ...event, at: iso(event.t) }));
}

function summarize(kind: GrowthKind, upSteps: SeriesChange[], growingSegments: number, drops: number): string {
  const text = summarizeGrowth(kind, upSteps, growingSegments);
  // Drops (restarts, flushes, failovers) hide growth in the totals; say how often the series was reset.
  return drops ? `${text} ${drops} drop(s) reset it (restarts, flushes or failovers — see the events).` : text;
}

function summarizeGrowth(kind: GrowthKind, upSteps: SeriesChange[], growingSegments: number): string {
  const stepText = upSteps.map((step) => `${step.at} (+${formatAmount(step.jump)}${step.events.length ? `; ${step.events.length} event(s) in the window` : "; no event in the window"})`).join(", ");
  switch (kind) {
    case "step-growth":
      return `Memory grew in ${upSteps.length} step(s): ${stepText}. An operation triggered the leak; the events in each window are the suspects.`;
    case "step-and-slope":
      return `Memory grew in ${upSteps.length} step(s) — ${stepText} — and along a slope in ${growingSegments} segment(s): an event-triggered and a traffic-driven component.`;
    case "slope-growth":
      return "Memory grew steadily without steps: a per-request leak; online tools can catch it while it grows.";
    case "flat":
      return "No growth beyond noise in this series.";
  }
}

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** Unit-free compact number (the series may be bytes, KB or MB): 838860800 → "838.9M". */
export function formatAmount(value: number): string {
  return compact.format(value);
}
