import Link from "next/link";
import type { ReactNode } from "react";
import type { LibraryItem } from "@/lib/checklists/library";

export function ItemSeverityBadge({ severity }: { severity: LibraryItem["severity"] }) {
  return <span className={`badge item-severity-${severity}`}>{severity}</span>;
}

/** What an item's rules select, as shown to people. */
export function appliesToText(item: LibraryItem): string {
  const { languages, paths, patterns } = item.appliesTo;
  const parts: string[] = [];
  if (languages.length) parts.push(`languages: ${languages.join(", ")}`);
  if (paths.length) parts.push(`files: ${paths.join("  ")}`);
  if (patterns.length) parts.push(`code: ${patterns.join("  ")}`);
  return parts.length ? parts.join(" · ") : "every change";
}

/**
 * One checklist item with its thread back: the lesson (anchored at the item) and the incidents that
 * taught it. `showLesson` is off on the lesson's own page; `actions` holds the builder's buttons.
 */
export function ChecklistItemCard({ item, showLesson = true, actions, anchor = false }: { item: LibraryItem; showLesson?: boolean; actions?: ReactNode; anchor?: boolean }) {
  return (
    <li className="checklist-item" id={anchor ? item.code : undefined} data-testid="checklist-item" data-code={item.code}>
      <div className="checklist-item-heading">
        <span className="checklist-item-code">{item.code}</span>
        <ItemSeverityBadge severity={item.severity} />
        {actions && <span className="checklist-item-actions">{actions}</span>}
      </div>
      <p className="checklist-item-question">{item.question}</p>
      <p className="small">
        <span className="muted">Why: </span>
        {item.why}
      </p>
      <p className="small muted">
        Applies to <span className="rules">{appliesToText(item)}</span>
      </p>
      <p className="provenance" data-testid="item-provenance">
        {showLesson && (
          <>
            {/* A plain link: client-side navigation keeps an earlier #fragment in the URL. */}
            Lesson <a href={`/lessons/${item.lesson.slug}#${item.code}`}>{item.lesson.title}</a>
            {" · "}
          </>
        )}
        learnt from{" "}
        {item.incidents.length === 0
          ? "no recorded incident"
          : item.incidents.map((incident, index) => (
              <span key={incident.slug}>
                {index > 0 && ", "}
                <Link href={`/incidents/${incident.slug}`}>{incident.title}</Link>
              </span>
            ))}
      </p>
    </li>
  );
}
