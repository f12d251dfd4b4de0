import Link from "next/link";
import type { RunbookStep } from "@/lib/runbooks/generate";
import { Markdown } from "../../../_components/Markdown";

/** The step being worked on: goal, why it is in, commands with the facts filled in, what to look for, cautions, lessons. */
export function TriageStep({ step, index, total }: { step: RunbookStep; index: number; total: number }) {
  return (
    <article className={`card runbook-step phase-${step.phase}`} data-testid="triage-current-step" data-step-id={step.id}>
      <p className="runbook-step-meta small muted">
        Step {index + 1} of {total} · <span className={`runbook-phase phase-${step.phase}`}>{step.phaseLabel}</span> <code>{step.id}</code>
      </p>
      <h3 data-testid="triage-step-title">{step.title}</h3>
      <p>
        <strong>Goal:</strong> {step.goal}
      </p>
      <p className="runbook-why">
        <strong>Why:</strong> {step.why}
      </p>
      {step.checkFirst.map((check) => (
        <p key={check} className="runbook-check-first">
          <strong>Check first:</strong> {check}
        </p>
      ))}
      {step.commands.map((command) => (
        <div key={command.id} className="runbook-command" data-testid="triage-command">
          <p className="runbook-command-label">{command.label}</p>
          <pre>
            <code>{command.run}</code>
          </pre>
          {command.caution && <p className="runbook-caution">⚠ {command.caution}</p>}
          {command.notes.map((note) => (
            <p key={note} className="runbook-note small">
              {note}
            </p>
          ))}
        </div>
      ))}
      {step.skippedCommands.map((command) => (
        <p key={command.id} className="runbook-skipped small muted">
          Skipped “{command.label}”: {command.reason}
        </p>
      ))}
      {step.lookFor.length > 0 && (
        <>
          <h4>Look for</h4>
          <Markdown source={step.lookFor.map((item) => `- ${item}`).join("\n")} />
        </>
      )}
      <Markdown source={step.body} />
      {step.cautions.length > 0 && (
        <ul className="runbook-cautions" data-testid="triage-cautions">
          {step.cautions.map((caution) => (
            <li key={caution}>⚠ {caution}</li>
          ))}
        </ul>
      )}
      {step.lessons.length > 0 && (
        <p className="small">
          Lessons:{" "}
          {step.lessons.map((lesson, i) => (
            <span key={lesson.slug}>
              {i > 0 && ", "}
              <Link href={lesson.url}>{lesson.slug}</Link>
            </span>
          ))}
        </p>
      )}
    </article>
  );
}
