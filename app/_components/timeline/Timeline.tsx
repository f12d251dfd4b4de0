import type { IncidentDocument } from "@/lib/domain/incident-document";
import type { TimelineDay } from "@/lib/domain/entry-time";
import { renderMarkdown } from "@/lib/markdown/render";
import { dayHeading, type TimelineEntryView, type TimelineWindow } from "@/lib/view/timeline";
import { HiddenEntryAnchors } from "./HiddenEntryAnchors";
import { TimelineEntryItem } from "./TimelineEntryItem";

interface TimelineProps {
  document: IncidentDocument;
  /** The days to show (lib/view/timeline.ts `windowTimeline`: a long timeline's start and end). */
  window: TimelineWindow<TimelineEntryView>;
  /** The page with the whole timeline (keeps the page's other view switches). */
  showAllHref: string;
  /** Where a link to an entry goes (its anchor, or the full timeline when the entry is not shown). */
  entryHref: (key: string) => string;
}

/** The timeline grouped by the incident's local days, every entry editable in place. */
export function Timeline({ document, window, showAllHref, entryHref }: TimelineProps) {
  const { slug, timezone } = document.incident;
  if (window.before.length === 0 && window.after.length === 0) {
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
  const { before, hidden, after } = window;
  const renderDays = (list: TimelineDay<TimelineEntryView>[], part: string) =>
    list.map((day) => (
      <section key={`${part}-${day.date}`} className="timeline-day" data-testid="timeline-day">
        <h3 className="day-heading">{dayHeading(day)}</h3>
        <ol className="timeline-entries">
          {day.items.map((item) => (
            <TimelineEntryItem
              key={item.entry.key}
              slug={slug}
              entry={{ key: item.entry.key, kind: item.entry.kind, title: item.entry.title, author: item.entry.author, version: item.entry.version }}
              time={item.time}
              zonedIso={item.zonedIso}
              bodyHtml={renderMarkdown(item.entry.body)}
              links={item.links.map((link) => ({ ...link, href: entryHref(link.otherKey) }))}
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
          <HiddenEntryAnchors fullTimelineHref={showAllHref.replace(/#.*$/, "")} />
          <a className="button subtle" href={showAllHref} data-testid="timeline-show-all">
            Show {hidden} more entries
          </a>
        </p>
      )}
      {renderDays(after, "after")}
    </div>
  );
}
