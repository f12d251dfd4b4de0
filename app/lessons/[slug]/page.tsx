import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { loadLibrary } from "@/lib/checklists/library";
import { lessonRecurrence } from "@/lib/checklists/recurrence";
import { getDb } from "@/lib/db/client";
import { getLesson } from "@/lib/incidents/lessons";
import { LabelList } from "../../_components/Badges";
import { LessonChecklist } from "../../_components/checklists/LessonChecklist";
import { Markdown } from "../../_components/Markdown";
import { orNotFound } from "../../_components/or-not-found";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Lesson" };

export default async function LessonPage({ params }: { params: Promise<{ slug: string }> }) {
  const viewer = await guardPage("/lessons/[slug]", { slug: (await params).slug });
  const { slug } = await params;
  const db = await getDb();
  const visibility = incidentVisibilityWhere(viewer);
  const lesson = await orNotFound(getLesson(db, slug, visibility));
  const [library] = await loadLibrary(db, visibility, { slug });
  const recurrence = await lessonRecurrence(db, library, visibility);
  return (
    <article className="lesson-page" data-testid="lesson-page">
      <p className="breadcrumbs no-print">
        <Link href="/lessons">Lessons</Link> /
      </p>
      <h1 data-testid="lesson-title">{lesson.title}</h1>
      <LabelList items={lesson.tags} kind="tag" />
      <section className="page-section">
        {lesson.body ? <Markdown source={lesson.body} testId="lesson-body" /> : <p className="muted">No explanation written.</p>}
      </section>
      <section className="page-section" data-testid="lesson-provenance">
        <h2>Learnt from</h2>
        {lesson.incidents.length === 0 ? (
          <p className="muted">No incident refers to this lesson any more.</p>
        ) : (
          <ul>
            {lesson.incidents.map((incident) => (
              <li key={incident.slug}>
                <Link href={`/incidents/${incident.slug}`}>{incident.title}</Link>{" "}
                <span className="muted small">
                  (<Link href={`/incidents/${incident.slug}/postmortem`}>postmortem</Link>)
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <LessonChecklist lesson={library} recurrence={recurrence} />
    </article>
  );
}
