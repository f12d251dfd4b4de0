import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { getIncidentDocumentCached } from "@/lib/incidents/document-cache";
import { listLessonChoices } from "@/lib/incidents/lessons";
import { hypothesisCards } from "@/lib/view/hypothesis-board";
import { entryAnchor, incidentPageHref, incidentPageView, shownEntryKeys, timelineDays, windowTimeline } from "@/lib/view/timeline";
import { ActionItems } from "../../_components/action-items/ActionItems";
import { AttachmentList } from "../../_components/attachments/AttachmentList";
import { IncidentDiagrams } from "../../_components/diagrams/IncidentDiagrams";
import { FactsTable } from "../../_components/FactsTable";
import { HypothesisBoard } from "../../_components/hypotheses/HypothesisBoard";
import { IncidentHeader } from "../../_components/incident/IncidentHeader";
import { IncidentOverview } from "../../_components/incident/IncidentOverview";
import { SectionNav } from "../../_components/incident/SectionNav";
import { SimilarIncidents } from "../../_components/similar/SimilarIncidents";
import { IncidentLessons } from "../../_components/lessons/IncidentLessons";
import { orNotFound } from "../../_components/or-not-found";
import { AddEntryForm } from "../../_components/timeline/AddEntryForm";
import { AddLinkForm } from "../../_components/timeline/AddLinkForm";
import { Timeline } from "../../_components/timeline/Timeline";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One document read per request, shared by the tab title and the page. */
const readDocument = cache(async (slug: string) => getIncidentDocumentCached(await getDb(), slug));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  try {
    return { title: (await readDocument((await params).slug)).incident.title };
  } catch (error) {
    if (error instanceof NotFoundError) return { title: "Not found" };
    throw error;
  }
}

/** Past this many entries the diagrams (hundreds of nodes) are drawn on request, not on every view. */
const DIAGRAMS_ON_REQUEST_ABOVE = 150;

export default async function IncidentPage({ params, searchParams }: Props) {
  await guardPage("/incidents/[slug]", { slug: (await params).slug });
  const { slug } = await params;
  const query = await searchParams;
  const db = await getDb();
  const [document, lessonChoices] = await Promise.all([orNotFound(readDocument(slug)), listLessonChoices(db)]);
  const { incident } = document;
  const attachedLessons = new Set(document.lessons.map((lesson) => lesson.slug));
  const attachable = lessonChoices.filter((lesson) => !attachedLessons.has(lesson.slug));
  // A long incident opens light: the timeline's start and end, the first cards of each board column.
  // Everything else is one link away, and links to hidden entries open the full timeline.
  const view = incidentPageView(query);
  const timeline = windowTimeline(timelineDays(document), view.timelineAll);
  const entryHref = entryAnchor(slug, view, timeline.hidden > 0 ? shownEntryKeys(timeline) : null);
  const stamp = `${incident.version}:${incident.updatedAt}`;

  return (
    <article className="incident-page" data-testid="incident-page">
      <IncidentHeader incident={incident} current="incident" />
      <p className="no-print"><Link href={`/incidents/${slug}/triage`} data-testid="triage-link">Guided triage</Link></p>
      <SectionNav
        sections={[
          { id: "overview", label: "Overview" },
          { id: "timeline", label: "Timeline", count: document.entries.length },
          { id: "hypotheses", label: "Hypotheses", count: hypothesisCards(document).length },
          { id: "diagrams", label: "Diagrams" },
          { id: "action-items", label: "Action items", count: document.actionItems.length },
          { id: "lessons", label: "Lessons", count: document.lessons.length },
          { id: "attachments", label: "Attachments", count: document.attachments.length },
          { id: "facts", label: "Facts", count: Object.keys(incident.facts).length },
          { id: "similar", label: "Similar incidents" },
        ]}
      />
      <section id="overview" className="page-section">
        <h2>Overview</h2>
        <IncidentOverview incident={incident} />
      </section>
      <section id="timeline" className="page-section">
        <h2>Timeline</h2>
        <Timeline document={document} window={timeline} showAllHref={incidentPageHref(slug, { ...view, timelineAll: true }, "#timeline")} entryHref={entryHref} />
        <div className="form-pair no-print">
          <AddEntryForm slug={slug} timeZone={incident.timezone} hasTimeline={document.entries.length > 0 || Boolean(incident.detectedAt ?? incident.startedAt)} />
          {document.entries.length > 1 && <AddLinkForm slug={slug} stamp={stamp} />}
        </div>
      </section>
      <section id="hypotheses" className="page-section">
        <h2>Hypothesis board</h2>
        <HypothesisBoard document={document} showAll={view.boardAll} showAllHref={incidentPageHref(slug, { ...view, boardAll: true }, "#hypotheses")} entryHref={entryHref} />
      </section>
      <section id="diagrams" className="page-section">
        <h2>Diagrams</h2>
        {document.entries.length <= DIAGRAMS_ON_REQUEST_ABOVE || query.diagrams === "1" ? (
          <IncidentDiagrams document={document} />
        ) : (
          <p className="muted" data-testid="diagrams-on-request">
            This timeline has {document.entries.length} entries.{" "}
            <a href={`/incidents/${encodeURIComponent(slug)}?diagrams=1#diagrams`}>Draw the diagrams</a> (they take a moment with this many nodes).
          </p>
        )}
      </section>
      <section id="action-items" className="page-section">
        <h2>Action items</h2>
        <ActionItems slug={slug} items={document.actionItems} />
      </section>
      <section id="lessons" className="page-section">
        <h2>Lessons</h2>
        <IncidentLessons slug={slug} lessons={document.lessons} attachable={attachable} />
      </section>
      <section id="attachments" className="page-section">
        <h2>Attachments</h2>
        <AttachmentList slug={slug} attachments={document.attachments} entries={document.entries} entryHref={entryHref} stamp={stamp} />
      </section>
      <section id="facts" className="page-section">
        <h2>Facts</h2>
        <FactsTable facts={incident.facts} />
      </section>
      <section id="similar" className="page-section no-print">
        <h2>Similar incidents</h2>
        <SimilarIncidents slug={slug} />
      </section>
    </article>
  );
}
