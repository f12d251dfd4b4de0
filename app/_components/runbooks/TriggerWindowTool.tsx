"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { TriggerWindowResult } from "@/lib/runbooks/trigger-window/analyze";
import { runbookLink } from "@/lib/view/runbook-form";
import { callApi } from "../api-client";
import { Field, FormError } from "../FormMessages";
import { useApiAction } from "../use-api-action";

type TriggerWindowResponse = Omit<TriggerWindowResult, "points"> & { svg: string };

const ENDPOINT = "/api/v1/runbooks/trigger-window";
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/** The worked example in miniature: a step on 10-20 around 11:30 (Shanghai time) and the logs of that hour. */
function exampleInput(): { metrics: string; events: string } {
  const start = Date.UTC(2019, 9, 20, 0, 0); // 08:00 in Shanghai
  const rows = ["timestamp,used_memory"];
  let seed = 20191020;
  // A fixed pseudo-random wobble of a few hundred KB, so the example looks like monitoring data.
  const wobble = () => {
    seed = (seed * 48271) % 2147483647;
    return Math.round(((seed / 2147483647) - 0.5) * 600_000);
  };
  for (let i = 0; i < 12 * 12; i++) {
    const t = start + i * 5 * 60_000;
    rows.push(`${new Date(t).toISOString()},${(t >= Date.UTC(2019, 9, 20, 3, 31) ? 812_000_000 : 10_500_000) + wobble()}`);
  }
  const events = [
    "2019-10-20 11:25 manager: vertical scaling of cluster kv-17",
    "2019-10-20 11:29 manager: scale-out slot migration started",
    "12345:M 20 Oct 2019 11:30:02.117 * Background append only file rewriting started by pid 23671",
    "12345:M 20 Oct 2019 11:31:40.501 # Failover election won",
    "2019-10-20 11:33 sms alert: memory usage reached 100%",
    "2019-10-20 14:10 manager: Redis restart of kv-17-3",
  ];
  return { metrics: rows.join("\n"), events: events.join("\n") };
}

export function TriggerWindowTool() {
  const [input, setInput] = useState({ metrics: "", events: "", windowMinutes: "10", timeZone: "UTC" });
  const [result, setResult] = useState<TriggerWindowResponse | null>(null);
  const { pending, error, run } = useApiAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const windowMinutes = Number(input.windowMinutes);
    const body = { metrics: input.metrics, events: input.events, timeZone: input.timeZone.trim() || "UTC", ...(input.windowMinutes.trim() ? { windowMinutes } : {}) };
    const outcome = await run(() => callApi<TriggerWindowResponse>("POST", ENDPOINT, body), { refresh: false });
    setResult(outcome.ok ? outcome.data : null);
  }

  return (
    <>
      <form className="form-grid tool-form" onSubmit={submit} data-testid="trigger-window-form">
        <Field label="Memory series (CSV)" field="metrics" error={error} hint="timestamp,value per line — ISO 8601 or unix seconds/milliseconds; a header line is fine." wide>
          <textarea rows={10} value={input.metrics} onChange={(e) => setInput({ ...input, metrics: e.target.value })} required className="mono" spellCheck={false} data-testid="trigger-metrics" />
        </Field>
        <Field label="Event log" field="events" error={error} hint="Redis log lines, platform operations, alerts — one timestamped line each." wide>
          <textarea rows={8} value={input.events} onChange={(e) => setInput({ ...input, events: e.target.value })} className="mono" spellCheck={false} data-testid="trigger-events" />
        </Field>
        <Field label="Window (minutes)" field="windowMinutes" error={error} hint="Events this long before and after each change are listed.">
          <input type="number" min="1" max="10080" value={input.windowMinutes} onChange={(e) => setInput({ ...input, windowMinutes: e.target.value })} data-testid="trigger-window-minutes" />
        </Field>
        <Field label="Time zone of times without an offset" field="timeZone" error={error} hint="Redis logs use the server's local time, e.g. Asia/Shanghai.">
          <input value={input.timeZone} onChange={(e) => setInput({ ...input, timeZone: e.target.value })} data-testid="trigger-timezone" />
        </Field>
        <div className="form-actions wide">
          <FormError error={error} testId="trigger-error" />
          <button type="button" className="button subtle" onClick={() => setInput({ ...input, ...exampleInput(), timeZone: "Asia/Shanghai" })} data-testid="trigger-example">
            Load an example
          </button>
          <button type="submit" className="button primary" disabled={pending} data-testid="trigger-submit">
            {pending ? "Analysing…" : "Find the trigger window"}
          </button>
        </div>
      </form>
      {result && <TriggerWindowResultView result={result} />}
    </>
  );
}

function TriggerWindowResultView({ result }: { result: TriggerWindowResponse }) {
  const { series, suggestedFacts } = result;
  return (
    <section className="page-section tool-result" data-testid="trigger-result" data-kind={result.kind}>
      <h2>{result.summary}</h2>
      {/* The SVG comes from renderTriggerWindowSvg, which escapes every piece of text it draws. */}
      <div className="trigger-chart" data-testid="trigger-chart" dangerouslySetInnerHTML={{ __html: result.svg }} />
      <p className="small muted">
        {series.points} points from {series.from} to {series.to}; noise ±{compact.format(series.noise)}; median interval {series.medianIntervalSeconds} s
        {series.detectedOn < series.points && `; detected on ${series.detectedOn} averaged points`}
        {series.spikesIgnored > 0 && `; ${series.spikesIgnored} spike(s) ignored`}; {series.eventsRead} event line(s) read.
      </p>
      {result.changes.length > 0 && (
        <table className="data-table" data-testid="trigger-changes">
          <thead>
            <tr>
              <th>When</th>
              <th>Change</th>
              <th>Events within ±{result.windowMinutes} min</th>
            </tr>
          </thead>
          <tbody>
            {result.changes.map((change) => (
              <tr key={change.index}>
                <td className="nowrap mono">{change.at}</td>
                <td>
                  {change.kind === "step" ? `step ${change.direction} ${change.jump >= 0 ? "+" : "−"}${compact.format(Math.abs(change.jump))} (${change.significance}× noise)` : "slope change"}
                  <br />
                  <span className="small muted">
                    {compact.format(change.levelBefore)} → {compact.format(change.levelAfter)}
                  </span>
                </td>
                <td>
                  {change.events.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <ul className="trigger-change-events">
                      {change.events.map((event) => (
                        <li key={event.line}>
                          {event.kind && <span className="trigger-kind">[{event.kind}]</span>} {event.text} <span className="muted small">(line {event.line}, {event.offsetSeconds >= 0 ? "+" : ""}{event.offsetSeconds} s)</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(suggestedFacts.symptoms.length > 0 || suggestedFacts.events.length > 0) && (
        <p data-testid="trigger-suggested-facts">
          Record on the incident — symptoms: <strong>{suggestedFacts.symptoms.join(", ") || "—"}</strong>; events: <strong>{suggestedFacts.events.join(", ") || "—"}</strong>.{" "}
          <Link href={runbookLink(suggestedFacts)}>Open the runbook with these facts</Link>
        </p>
      )}
      {(result.problems.metrics.length > 0 || result.problems.events.length > 0) && (
        <details data-testid="trigger-problems">
          <summary>
            {result.problems.metrics.length + result.problems.events.length} line(s) could not be read
          </summary>
          <ul className="small">
            {result.problems.metrics.slice(0, 100).map((problem) => (
              <li key={`m${problem.line}`}>
                metrics line {problem.line}: {problem.message}
              </li>
            ))}
            {result.problems.events.slice(0, 100).map((problem) => (
              <li key={`e${problem.line}`}>
                events line {problem.line}: {problem.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
