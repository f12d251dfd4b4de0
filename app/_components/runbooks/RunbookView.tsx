import Link from "next/link";
import type { Runbook, RunbookStep, ToolAvailability } from "@/lib/runbooks/generate";
import { runbookFlowchart } from "@/lib/runbooks/flowchart";
import type { RunbookGenerateRequest } from "@/lib/runbooks/requests";
import { Markdown } from "../Markdown";
import { MermaidDiagram } from "../MermaidDiagram";
import { RunbookDownloads } from "./RunbookDownloads";
import { StepCautionsAndLessons, StepInstructions } from "./StepInstructions";

const STATUS_LABELS: Record<ToolAvailability["status"], string> = { available: "available", unavailable: "unavailable", unknown: "unknown — check" };

function ToolMatrix({ tools }: { tools: ToolAvailability[] }) {
  return (
    <table className="data-table runbook-tools" data-testid="runbook-tool-matrix">
      <thead>
        <tr>
          <th>Tool</th>
          <th>Status</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {tools.map((tool) => (
          <tr key={tool.id} className={`tool-${tool.status}`} data-testid={`tool-${tool.id}`}>
            <th scope="row">
              {tool.name}
              <span className="field-hint">{tool.purpose}</span>
            </th>
            <td className="nowrap">{STATUS_LABELS[tool.status]}</td>
            <td>
              {tool.reason}
              {tool.check && (
                <>
                  {" "}
                  — check: <code>{tool.check}</code>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StepItem({ step, index, tools, titles }: { step: RunbookStep; index: number; tools: ToolAvailability[]; titles: Map<string, { index: number; title: string }> }) {
  return (
    <li id={`step-${step.id}`} className={`card runbook-step phase-${step.phase}`} data-testid="runbook-step" data-step-id={step.id}>
      <h3>
        {index + 1}. {step.title}
      </h3>
      <p className="runbook-step-meta small muted">
        <span className={`runbook-phase phase-${step.phase}`}>{step.phaseLabel}</span> <code>{step.id}</code>
      </p>
      <StepInstructions step={step} testIds="runbook" afterCommands={step.showToolMatrix && <ToolMatrix tools={tools} />} />
      <h4>Outcomes</h4>
      <ul className="runbook-outcomes" data-testid="runbook-outcomes">
        {step.outcomes.map((outcome) => {
          const target = outcome.next ? titles.get(outcome.next) : undefined;
          return (
            <li key={outcome.id}>
              <strong>{outcome.label}</strong> →{" "}
              {target ? <a href={`#step-${outcome.next}`}>step {target.index}, {target.title}</a> : <span>triage ends here</span>}
              {outcome.redirect && <span className="muted small"> ({outcome.redirect})</span>}
              <span className="muted small">
                {" "}
                — records {outcome.records}
                {outcome.hypothesis && `; hypothesis “${outcome.hypothesis.title}” ${outcome.hypothesis.link ?? "raised"}`}
              </span>
            </li>
          );
        })}
      </ul>
      <StepCautionsAndLessons step={step} testIds="runbook" />
    </li>
  );
}

/** A generated runbook: warnings, candidate causes, the branch flowchart, the steps and what was left out. */
export function RunbookView({ runbook, request }: { runbook: Runbook; request: RunbookGenerateRequest }) {
  const titles = new Map(runbook.steps.map((step, index) => [step.id, { index: index + 1, title: step.title }]));
  return (
    <div className="runbook" data-testid="runbook">
      {runbook.warnings.length > 0 && (
        <ul className="runbook-warnings" data-testid="runbook-warnings">
          {runbook.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <RunbookDownloads request={request} />
      <section className="page-section" data-testid="runbook-candidates">
        <h2>Candidate hypotheses from past incidents</h2>
        {runbook.candidates.length === 0 ? (
          <p className="muted">No past incident with a confirmed cause shares enough facts with this one.</p>
        ) : (
          <ul className="card-list">
            {runbook.candidates.map((candidate) => (
              <li key={candidate.incident.slug} className="card" data-testid="runbook-candidate">
                <h3>
                  <Link href={candidate.incident.url}>{candidate.incident.title}</Link> <span className="muted small">similarity {candidate.score}</span>
                </h3>
                {candidate.rootCause && <Markdown source={candidate.rootCause} />}
                {candidate.confirmedHypotheses.map((hypothesis) => (
                  <p key={hypothesis.title} className="small">
                    Confirmed: <strong>{hypothesis.title}</strong> — {hypothesis.reason}
                  </p>
                ))}
                <p className="small muted">{candidate.matched.join(" · ")}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="page-section">
        <h2>Flow</h2>
        <MermaidDiagram source={runbookFlowchart(runbook)} label="The runbook's steps and the branches between them" testId="runbook-flowchart" />
      </section>
      <section className="page-section">
        <h2>Steps</h2>
        <ol className="runbook-steps">
          {runbook.steps.map((step, index) => (
            <StepItem key={step.id} step={step} index={index} tools={runbook.tools} titles={titles} />
          ))}
        </ol>
      </section>
      {runbook.excluded.length > 0 && (
        <section className="page-section">
          <h2>Left out for these facts</h2>
          <table className="data-table" data-testid="runbook-excluded">
            <tbody>
              {runbook.excluded.map((step) => (
                <tr key={step.id}>
                  <th scope="row">
                    {step.title} <code className="small">{step.id}</code>
                  </th>
                  <td>{step.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
