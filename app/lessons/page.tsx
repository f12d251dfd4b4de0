import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listLessons } from "@/lib/incidents/lessons";
import { LabelList } from "../_components/Badges";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Lessons" };

export default async function LessonListPage() {
  const viewer = await guardPage("/lessons");
  const lessons = await listLessons(await getDb(), incidentVisibilityWhere(viewer));
  return (
    <>
      <div className="page-heading">
        <h1>Lessons</h1>
        <p className="muted">What the incidents taught, each traced back to where it was learnt.</p>
      </div>
      {lessons.length === 0 ? (
        <section className="empty-state" data-testid="lesson-list-empty">
          <p>
            No lessons yet. Lessons are written on an incident&apos;s page — <Link href="/incidents">open an incident</Link> and add
            one under “Lessons”.
          </p>
        </section>
      ) : (
        <ul className="card-list" data-testid="lesson-list">
          {lessons.map((lesson) => (
            <li key={lesson.slug} className="card lesson-card" data-testid="lesson-card">
              <h2>
                <Link href={`/lessons/${lesson.slug}`}>{lesson.title}</Link>
              </h2>
              <LabelList items={lesson.tags} kind="tag" />
              <p className="small">
                <span className="muted">From </span>
                {lesson.incidents.map((incident, index) => (
                  <span key={incident.slug}>
                    {index > 0 && ", "}
                    <Link href={`/incidents/${incident.slug}`}>{incident.title}</Link>
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
