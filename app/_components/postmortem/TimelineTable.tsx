import { ENTRY_KIND_LABELS } from "@/lib/domain/entry";
import type { IncidentDocument } from "@/lib/domain/incident-document";
import { dayHeading, timelineDays } from "@/lib/view/timeline";

/** The timeline as a compact table for the written postmortem (one row per entry, day rows between). */
export function TimelineTable({ document }: { document: IncidentDocument }) {
  const days = timelineDays(document);
  if (days.length === 0) return <p className="muted">No timeline entries.</p>;
  return (
    <table className="data-table timeline-table" data-testid="postmortem-timeline">
      <thead>
        <tr>
          <th>Time ({document.incident.timezone})</th>
          <th>Kind</th>
          <th>What happened</th>
        </tr>
      </thead>
      {days.map((day) => (
        <tbody key={day.date}>
          <tr className="day-row">
            <th colSpan={3}>{dayHeading(day)}</th>
          </tr>
          {day.items.map((item) => (
            <tr key={item.entry.key} className={`kind-row kind-${item.entry.kind}`}>
              <td className="mono nowrap">{item.time}</td>
              <td>
                <span className={`badge kind-badge kind-${item.entry.kind}`}>{ENTRY_KIND_LABELS[item.entry.kind]}</span>
              </td>
              <td>
                {item.entry.title}
                {item.links.filter((link) => link.direction === "outgoing").length > 0 && (
                  <div className="muted small">
                    {item.links
                      .filter((link) => link.direction === "outgoing")
                      .map((link) => link.label)
                      .join(" · ")}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}
