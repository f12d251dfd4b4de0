import type { IncidentDocument } from "@/lib/domain/incident-document";
import type { TimelineDay } from "@/lib/domain/entry-time";
import { renderMarkdown } from "@/lib/markdown/render";
import { dayHeading, timelineDays, windowTimeline, type TimelineEntryView } from "@/lib/view/timeline";
import { TimelineEntryItem } from "./TimelineEntryItem";

/** The timeline grouped by the incident's local days, every entry editable in place. */
export function Timeline({ document, showAll = false }: { document: IncidentDocument; showAll?: boolean }) {
  const days = timelineDays(document);
  const { slug, timezone } = document.incident;
  if (days.length === 0) {
    return (
      <p className="empty-state" data-testid="timeline-empty">
        No entries yet. Add what was observed first — the alert, the graph, the first report — then the hypotheses and the evidence.
      </p>
    );
  }
  const attachmentsByEntry = new Map<string, { id: string; filename: string; caption: string }[]>();
  for (const { id, filename, caption, entryKey } of document.attachments) {
    if (entryKey) attachmentsByEntry.set(entryKey, [...(attachmentsByEntry.get(entryKey) ?? []), { id, filename, caption }]);
  }
  const { before, hidden, after } = windowTimeline(days, showAll);
  const renderDays = (list: TimelineDay<TimelineEntryView>[], part: string) =>
    list.map((day) => (
      <section key={`${part}-${day.date}`} className="timeline-day" data-testid="timeline-day">
        <h3 className="day-heading">{dayHeading(day)}</h3>
        <ol className="timeline-entries">
          {day.items.map((item) => (
            <TimelineEntryItem
              key={item.entry.key}
              slug={slug}
              entry={{ key: item.entry.key, kind: item.entry.kind, title: item.entry.title, body: item.entry.body, author: item.entry.author, version: item.entry.version }}
              time={item.time}
              zonedIso={item.zonedIso}
              bodyHtml={renderMarkdown(item.entry.body)}
              links={item.links}
              attachments={attachmentsByEntry.get(item.entry.key) ?? []}
            />
          ))}
        </ol>
      </section>
    ));
  return (
    <div className="timeline" data-testid="timeline">
      <p className="muted small">Times are {timezone}.</p>
      {renderDays(before, "before")}
      {hidden > 0 && (
        <p className="timeline-hidden" data-testid="timeline-hidden">
          <a className="button subtle" href={`/incidents/${encodeURIComponent(slug)}?timeline=all#timeline`}>
            Show {hidden} more entries
          </a>
        </p>
      )}
      {renderDays(after, "after")}
    </div>
  );
}
