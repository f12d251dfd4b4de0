import { getDb } from "@/lib/db/client";

/** Under a lesson on an incident page: the review checklist items the lesson produced, linked to their place on the lesson page. */
export async function LessonItemCodes({ lessonSlug }: { lessonSlug: string }) {
  const db = await getDb();
  const items = await db.checklistItem.findMany({ where: { lesson: { slug: lessonSlug } }, select: { code: true, question: true }, orderBy: { position: "asc" } });
  if (items.length === 0) return null;
  return (
    <p className="small" data-testid="lesson-item-codes">
      <span className="muted">Review checklist: </span>
      {items.map((item, index) => (
        <span key={item.code}>
          {index > 0 && ", "}
          {/* A plain link: client-side navigation keeps an earlier #fragment in the URL. */}
          <a href={`/lessons/${lessonSlug}#${item.code}`} title={item.question}>
            {item.code}
          </a>
        </span>
      ))}
    </p>
  );
}
