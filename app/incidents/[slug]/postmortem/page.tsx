import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getIncidentDocument } from "@/lib/incidents/incidents";
import { IncidentDiagrams } from "../../../_components/diagrams/IncidentDiagrams";
import { FactsTable } from "../../../_components/FactsTable";
import { IncidentHeader } from "../../../_components/incident/IncidentHeader";
import { incidentPageTitle } from "../../../_components/incident/page-title";
import { LabelList } from "../../../_components/Badges";
import { Markdown } from "../../../_components/Markdown";
import { MarkdownList } from "../../../_components/MarkdownList";
import { orNotFound } from "../../../_components/or-not-found";
import { ActionItemSummary } from "../../../_components/postmortem/ActionItemSummary";
import { HypothesisOutcomes } from "../../../_components/postmortem/HypothesisOutcomes";
import { TimelineTable } from "../../../_components/postmortem/TimelineTable";
import { PrintButton } from "../../../_components/PrintButton";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: await incidentPageTitle((await params).slug, "Postmortem") };
}

/** The written postmortem: one printable document, generated from the incident's data. */
export default async function PostmortemPage({ params }: Props) {
  await guardPage("/incidents/[slug]/postmortem", { slug: (await params).slug });
  const { slug } = await params;
  const document = await orNotFound(getIncidentDocument(await getDb(), slug));
  const { incident } = document;
  return (
    <article className="postmortem" data-testid="postmortem">
      <IncidentHeader incident={incident} current="postmortem" />
      <div className="button-row no-print">
        <PrintButton label="Print or save as PDF" />
      </div>
      <section className="page-section">
        <h2>Summary</h2>
        {incident.summary ? <Markdown source={incident.summary} /> : <p className="muted">No summary written.</p>}
        {incident.summaryOriginal && (
          <div className="original-summary">
            <h3>Original summary{incident.originalLanguage ? ` (${incident.originalLanguage})` : ""}</h3>
            <Markdown source={incident.summaryOriginal} lang={incident.originalLanguage || undefined} />
          </div>
        )}
      </section>
      <section className="page-section">
        <h2>Impact</h2>
        {incident.impact ? <Markdown source={incident.impact} /> : <p className="muted">Impact not described.</p>}
      </section>
      <section className="page-section">
        <h2>Timeline</h2>
        <TimelineTable document={document} />
      </section>
      <section className="page-section">
        <h2>Hypotheses and how they were settled</h2>
        <HypothesisOutcomes document={document} />
      </section>
      <section className="page-section">
        <h2>Root cause</h2>
        {incident.rootCause ? <Markdown source={incident.rootCause} /> : <p className="muted">Root cause not written yet.</p>}
        {incident.contributingFactors.length > 0 && (
          <>
            <h3>Contributing factors</h3>
            <MarkdownList items={incident.contributingFactors} testId="contributing-factors" />
          </>
        )}
      </section>
      <section className="page-section">
        <h2>Lessons</h2>
        {document.lessons.length === 0 ? (
          <p className="muted">No lessons recorded.</p>
        ) : (
          document.lessons.map((lesson) => (
            <div key={lesson.slug} className="lesson-item">
              <h3>
                <Link href={`/lessons/${lesson.slug}`}>{lesson.title}</Link>
              </h3>
              <LabelList items={lesson.tags} kind="tag" />
              <Markdown source={lesson.body} />
            </div>
          ))
        )}
      </section>
      <section className="page-section">
        <h2>Action items</h2>
        <ActionItemSummary items={document.actionItems} />
      </section>
      <section className="page-section page-break-before">
        <h2>Diagrams</h2>
        <IncidentDiagrams document={document} />
      </section>
      {Object.keys(incident.facts).length > 0 && (
        <section className="page-section">
          <h2>Facts</h2>
          <FactsTable facts={incident.facts} />
        </section>
      )}
    </article>
  );
}
