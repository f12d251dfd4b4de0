import type { IncidentDocument } from "@/lib/domain/incident-document";
import { renderMarkdown } from "@/lib/markdown/render";
import { dayHeading, timelineDays } from "@/lib/view/timeline";
import { TimelineEntryItem } from "./TimelineEntryItem";

/** The timeline grouped by the incident's local days, every entry editable in place. */
export function Timeline({ document }: { document: IncidentDocument }) {
  const days = timelineDays(document);
  const { slug, timezone } = document.incident;
  if (days.length === 0) {
    return (
      <p className="empty-state" data-testid="timeline-empty">
        No entries yet. Add what was observed first — the alert, the graph, the first report — then the hypotheses and the evidence.
      </p>
    );
  }
  return (
    <div className="timeline" data-testid="timeline">
      <p className="muted small">Times are {timezone}.</p>
      {days.map((day) => (
        <section key={day.date} className="timeline-day" data-testid="timeline-day">
          <h3 className="day-heading">{dayHeading(day)}</h3>
          <ol className="timeline-entries">
            {day.items.map((item) => (
              <TimelineEntryItem
                key={item.entry.key}
                slug={slug}
                entry={item.entry}
                time={item.time}
                zonedIso={item.zonedIso}
                bodyHtml={renderMarkdown(item.entry.body)}
                links={item.links}
                attachments={document.attachments
                  .filter((attachment) => attachment.entryKey === item.entry.key)
                  .map(({ id, filename, caption }) => ({ id, filename, caption }))}
              />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
