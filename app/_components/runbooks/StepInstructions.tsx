import Link from "next/link";
import type { ReactNode } from "react";
import type { RunbookStep } from "@/lib/runbooks/generate";
import { Markdown } from "../Markdown";

type TestIds = "runbook" | "triage";

/**
 * What a runbook step asks of the responder — goal, why it is in, checks, commands with the facts
 * filled in, what to look for and the step's own text — shared by the runbook page and guided
 * triage. `afterCommands` goes between the commands and "Look for" (the runbook page's tool matrix).
 */
export function StepInstructions({ step, testIds, afterCommands }: { step: RunbookStep; testIds: TestIds; afterCommands?: ReactNode }) {
  return (
    <>
      <p>
        <strong>Goal:</strong> {step.goal}
      </p>
      <p className="runbook-why" data-testid={`${testIds}-why`}>
        <strong>Why:</strong> {step.why}
      </p>
      {step.checkFirst.map((check) => (
        <p key={check} className="runbook-check-first">
          <strong>Check first:</strong> {check}
        </p>
      ))}
      {step.commands.map((command) => (
        <div key={command.id} className="runbook-command" data-testid={`${testIds}-command`}>
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
        <p key={command.id} className="runbook-skipped small muted" data-testid={`${testIds}-skipped-command`}>
          Skipped “{command.label}”: {command.reason}
        </p>
      ))}
      {afterCommands}
      {step.lookFor.length > 0 && (
        <>
          <h4>Look for</h4>
          <Markdown source={step.lookFor.map((item) => `- ${item}`).join("\n")} />
        </>
      )}
      <Markdown source={step.body} />
    </>
  );
}

/** A step's cautions and the lessons it comes from. */
export function StepCautionsAndLessons({ step, testIds }: { step: RunbookStep; testIds: TestIds }) {
  return (
    <>
      {step.cautions.length > 0 && (
        <ul className="runbook-cautions" data-testid={`${testIds}-cautions`}>
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
    </>
  );
}
