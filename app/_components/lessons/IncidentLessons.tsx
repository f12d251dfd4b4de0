import Link from "next/link";
import type { Lesson } from "@/lib/domain/lesson";
import { LabelList } from "../Badges";
import { Markdown } from "../Markdown";
import { LessonItemCodes } from "../checklists/LessonItemCodes";
import { AddLessonForm } from "./AddLessonForm";
import { RemoveLessonButton } from "./RemoveLessonButton";

export function IncidentLessons({ slug, lessons, attachable }: { slug: string; lessons: Lesson[]; attachable: { slug: string; title: string }[] }) {
  return (
    <>
      {lessons.length === 0 ? (
        <p className="muted">No lessons recorded yet.</p>
      ) : (
        <ul className="lesson-list" data-testid="incident-lessons">
          {lessons.map((lesson) => (
            <li key={lesson.slug} className="lesson-item" data-testid="incident-lesson">
              <div className="lesson-heading">
                <Link href={`/lessons/${lesson.slug}`} className="lesson-title">
                  {lesson.title}
                </Link>
                <RemoveLessonButton slug={slug} lessonSlug={lesson.slug} title={lesson.title} />
              </div>
              <LabelList items={lesson.tags} kind="tag" />
              <Markdown source={lesson.body} />
              <LessonItemCodes lessonSlug={lesson.slug} />
            </li>
          ))}
        </ul>
      )}
      <AddLessonForm slug={slug} attachable={attachable} />
    </>
  );
}
