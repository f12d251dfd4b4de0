import Link from "next/link";
import type { IncidentSummary } from "@/lib/incidents/incidents";
import { formatLocalDate } from "@/lib/view/format";
import { IncidentStatusBadge, LabelList, SeverityBadge } from "../Badges";

export function IncidentTable({ incidents }: { incidents: IncidentSummary[] }) {
  return (
    <div className="table-scroll">
      <table className="incident-table" data-testid="incident-table">
        <thead>
          <tr>
            <th>Incident</th>
            <th>Status</th>
            <th>Severity</th>
            <th>Services &amp; tags</th>
            <th>Dates</th>
            <th className="numeric">Entries</th>
            <th className="numeric">Hypotheses</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.id} data-testid="incident-row" data-slug={incident.slug}>
              <td>
                <Link href={`/incidents/${incident.slug}`} className="incident-title-link">
                  {incident.title}
                </Link>
                {incident.titleOriginal && (
                  <div className="original-title" lang={incident.originalLanguage || undefined}>
                    {incident.titleOriginal}
                  </div>
                )}
                <div className="muted small mono">{incident.slug}</div>
              </td>
              <td>
                <IncidentStatusBadge status={incident.status} />
              </td>
              <td>
                <SeverityBadge severity={incident.severity} />
              </td>
              <td>
                <LabelList items={incident.services} kind="service" />
                <LabelList items={incident.tags} kind="tag" />
              </td>
              <td className="small nowrap">
                <div>
                  <span className="muted">detected</span> {formatLocalDate(incident.detectedAt ?? incident.startedAt, incident.timezone)}
                </div>
                <div>
                  <span className="muted">resolved</span> {formatLocalDate(incident.resolvedAt, incident.timezone)}
                </div>
                <div>
                  <span className="muted">updated</span> {incident.updatedAt.slice(0, 10)}
                </div>
              </td>
              <td className="numeric">{incident.entryCount}</td>
              <td className="numeric">{incident.hypothesisCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
