import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { runbookFlowchart } from "@/lib/runbooks/flowchart";
import { getTriageState, type TriageState } from "@/lib/triage/service";
import { MermaidDiagram } from "../../../_components/MermaidDiagram";
import { orNotFound } from "../../../_components/or-not-found";
import { TriageSessionControls, TriageStepActions } from "./TriageControls";
import { TriageFactsForm } from "./TriageFactsForm";
import { TriageStep } from "./TriageStep";
import "../../../_components/runbooks/runbooks.css";
import "./triage.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Guided triage" };

function Progress({ state }: { state: TriageState }) {
  const slug = state.incident.slug;
  if (state.records.length === 0) return <p className="muted">No step recorded yet.</p>;
  return (
    <ol className="triage-progress" data-testid="triage-progress">
      {state.records.map((record) => (
        <li key={record.position} className={record.skipped ? "skipped" : "done"} data-testid="triage-record" data-step-id={record.stepId}>
          <strong>{record.stepTitle}</strong> —{" "}
          {record.skipped ? (
            <span>
              skipped: <em>{record.reason}</em>
            </span>
          ) : (
            <span>{record.outcomeLabel}</span>
          )}
          {record.note && <span className="muted"> · “{record.note}”</span>}
          <span className="small muted">
            {" "}
            {record.author && `· ${record.author} `}
            {record.entry ? (
              <Link href={`/incidents/${slug}#entry-${record.entry.key}`} data-testid="triage-record-entry">
                {record.entry.kind} entry
              </Link>
            ) : (
              "(timeline entry deleted)"
            )}
            {record.hypothesis && (
              <>
                {" · hypothesis "}
                <Link href={`/incidents/${slug}#entry-${record.hypothesis.key}`}>{record.hypothesis.title}</Link>
              </>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Guided triage: walk the incident's runbook step by step, each outcome recorded in the timeline. */
export default async function TriagePage({ params }: { params: Promise<{ slug: string }> }) {
  await guardPage("/incidents/[slug]/triage", { slug: (await params).slug });
  const { slug } = await params;
  const state = await orNotFound(getTriageState(await getDb(), slug));
  const { session, runbook, walk, current } = state;
  const active = session?.status === "active";
  const titles = Object.fromEntries(runbook.steps.map((step) => [step.id, step.title]));
  const currentIndex = current ? runbook.steps.findIndex((step) => step.id === current.id) : -1;

  return (
    <article className="triage-page" data-testid="triage-page">
      <div className="page-heading">
        <p className="breadcrumbs no-print">
          <Link href="/incidents">Incidents</Link> / <Link href={`/incidents/${slug}`}>{state.incident.title}</Link> /
        </p>
        <h1>Guided triage</h1>
        <p className="muted">
          Walk the memory-leak runbook generated from this incident&apos;s facts. Every outcome and every skip becomes an entry in the{" "}
          <Link href={`/incidents/${slug}#timeline`}>timeline</Link>; progress is saved, so you can stop and come back. The whole runbook, with
          the steps left out and candidate causes from past incidents, is on the <Link href={`/runbooks?incident=${slug}`}>runbook page</Link>.
        </p>
        <p className="small muted" data-testid="triage-status">
          {session
            ? `Triage ${session.status}${session.createdBy ? `, started by ${session.createdBy}` : ""} · ${state.records.length} step${state.records.length === 1 ? "" : "s"} recorded · version ${session.version}`
            : "Triage not started."}
        </p>
      </div>
      {state.warnings.length > 0 && (
        <ul className="runbook-warnings" data-testid="triage-warnings">
          {state.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <TriageFactsForm slug={slug} version={state.incident.version} facts={state.incident.facts} open={!active} />
      <TriageSessionControls slug={slug} status={session?.status ?? "none"} version={session?.version ?? null} canUndo={state.records.length > 0} factsChanged={state.factsChanged} />

      <section className="page-section" data-testid="triage-current">
        <h2>Current step</h2>
        {!active && <p className="muted">{session ? "This triage has ended. Start a new one to walk the runbook again." : "Start triage to work through the steps below."}</p>}
        {active && walk.finished && (
          <p data-testid="triage-finished">The runbook ends here for the outcomes recorded. Finish the triage, or undo the last step to take another branch.</p>
        )}
        {active && current && session && (
          <>
            <TriageStep step={current} index={currentIndex} total={runbook.steps.length} />
            <TriageStepActions key={`${current.id}-${session.version}`} slug={slug} version={session.version} stepId={current.id} outcomes={current.outcomes} titles={titles} />
          </>
        )}
        {runbook.steps.length === 0 && <p className="muted">No step applies to these facts; record at least system and version.</p>}
      </section>

      <section className="page-section">
        <h2>Progress</h2>
        <Progress state={state} />
      </section>

      <section className="page-section">
        <h2>Flow</h2>
        <p className="small muted">Current step in orange; done steps grey, skipped ones dashed; bold arrows are the branches taken.</p>
        <MermaidDiagram source={runbookFlowchart(runbook, session ? walk : undefined)} label="The runbook with the current step and the branches taken" testId="triage-flowchart" />
      </section>
    </article>
  );
}
