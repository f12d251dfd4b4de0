import Link from "next/link";
import type { LibraryLesson } from "@/lib/checklists/library";
import type { Recurrence } from "@/lib/checklists/recurrence";
import { ChecklistItemCard } from "./ChecklistItemCard";
import "./checklists.css";

const day = (iso: string) => iso.slice(0, 10);

/**
 * A lesson page's library part: the review checklist items derived from the lesson, and whether
 * anything like its incidents has happened since it was learnt (recurrence).
 */
export function LessonChecklist({ lesson, recurrence }: { lesson: LibraryLesson; recurrence: Recurrence }) {
  return (
    <>
      <section className="page-section" data-testid="lesson-checklist">
        <h2>Review checklist items</h2>
        {lesson.items.length === 0 ? (
          <p className="muted">
            No checklist items yet. Items are written in <code>content/lessons/{lesson.slug}.md</code>.
          </p>
        ) : (
          <>
            <ul className="checklist-items">
              {lesson.items.map((item) => (
                <ChecklistItemCard key={item.code} item={item} showLesson={false} anchor />
              ))}
            </ul>
            <p className="small">
              <Link href="/checklists">Build a checklist</Link> from these and other lessons&apos; items.
            </p>
          </>
        )}
      </section>
      <section className="page-section" data-testid="lesson-recurrence">
        <h2>Since it was learnt</h2>
        {recurrence.since === null ? (
          <p className="muted">No incident taught this lesson, so there is nothing to compare later incidents with.</p>
        ) : recurrence.incidents.length === 0 ? (
          <p data-testid="recurrence-none">
            No later incident with the same tags or mechanism since {day(recurrence.since)} — so far the lesson (and its checklist) holds.
          </p>
        ) : (
          <>
            <p>
              {recurrence.incidents.length} later incident{recurrence.incidents.length === 1 ? "" : "s"} with the same tags or mechanism since{" "}
              {day(recurrence.since)} — check whether the checklist was used on those changes:
            </p>
            <ul data-testid="recurrence-list">
              {recurrence.incidents.map((incident) => (
                <li key={incident.slug} data-testid="recurrence-incident">
                  <Link href={`/incidents/${incident.slug}`}>{incident.title}</Link> <span className="muted small">({day(incident.at)}; {incident.reasons.join("; ")})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
