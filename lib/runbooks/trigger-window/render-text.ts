/** The trigger-window result as terminal text: what changed when, and what happened around it. */
import { formatAmount, type TriggerWindowResult } from "./analyze";
import type { LineProblem } from "./inputs";

const MAX_PROBLEMS_SHOWN = 20;

function offset(seconds: number): string {
  const sign = seconds < 0 ? "-" : "+";
  const size = Math.abs(seconds);
  return size >= 3600 ? `${sign}${(size / 3600).toFixed(1)} h` : size >= 120 ? `${sign}${Math.round(size / 60)} min` : `${sign}${size} s`;
}

function problemLines(label: string, problems: LineProblem[]): string[] {
  if (!problems.length) return [];
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => `  ${label} line ${problem.line}: ${problem.message}`);
  const more = problems.length > MAX_PROBLEMS_SHOWN ? [`  … and ${problems.length - MAX_PROBLEMS_SHOWN} more ${label} line(s)`] : [];
  return [...shown, ...more];
}

export function renderTriggerWindowText(result: TriggerWindowResult): string {
  const { series } = result;
  const out = [result.summary, ""];
  out.push(
    `Series: ${series.points} points, ${series.from} → ${series.to}, ${formatAmount(series.min)}–${formatAmount(series.max)}, noise ±${formatAmount(series.noise)}, median interval ${series.medianIntervalSeconds} s` +
      `${series.detectedOn < series.points ? ` (detected on ${series.detectedOn} averaged points)` : ""}${series.spikesIgnored ? `, ${series.spikesIgnored} spike(s) ignored` : ""}`,
  );
  out.push(`Events: ${result.events.length} read (times without an offset read in ${result.timeZone}); window ±${result.windowMinutes} min around each change`, "");
  if (result.changes.length === 0) out.push("No change points.");
  for (const change of result.changes) {
    const what = change.kind === "step" ? `step ${change.direction} ${change.jump >= 0 ? "+" : "−"}${formatAmount(Math.abs(change.jump))} (${change.significance}× noise)` : "slope change";
    out.push(`${change.at}  ${what}  level ${formatAmount(change.levelBefore)} → ${formatAmount(change.levelAfter)}, slope ${formatAmount(change.slopeBeforePerHour)}/h → ${formatAmount(change.slopeAfterPerHour)}/h`);
    if (change.events.length === 0) out.push("    no event in the window");
    for (const event of change.events) out.push(`    ${offset(event.offsetSeconds).padStart(9)}  line ${String(event.line).padEnd(5)} ${event.kind ? `[${event.kind}] ` : ""}${event.text}`);
  }
  for (const segment of result.segments) {
    if (result.segments.length > 1 || result.kind !== "flat") out.push(`segment ${segment.from} → ${segment.to}: ${formatAmount(segment.startValue)} → ${formatAmount(segment.endValue)} (${formatAmount(segment.slopePerHour)}/h)`);
  }
  const facts = result.suggestedFacts;
  if (facts.symptoms.length || facts.events.length) {
    out.push("", `Record on the incident: symptoms: ${facts.symptoms.join(", ") || "-"}; events: ${facts.events.join(", ") || "-"}`);
  }
  const problems = [...problemLines("metrics", result.problems.metrics), ...problemLines("events", result.problems.events)];
  if (problems.length) out.push("", "Lines that could not be read:", ...problems);
  return `${out.join("\n")}\n`;
}
