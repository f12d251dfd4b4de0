import Link from "next/link";
import type { Incident } from "@/lib/domain/incident";
import { formatLocalDateTime } from "@/lib/view/format";
import { IncidentStatusBadge, LabelList, SeverityBadge } from "../Badges";

/** Title (and original-language title), badges, labels, times, and the incident's other views. */
export function IncidentHeader({ incident, current }: { incident: Incident; current: "incident" | "postmortem" | "revisions" }) {
  const base = `/incidents/${incident.slug}`;
  const zone = incident.timezone;
  return (
    <header className="incident-header">
      <p className="breadcrumbs no-print">
        <Link href="/incidents">Incidents</Link> /
      </p>
      <h1 data-testid="incident-title">{incident.title}</h1>
      {incident.titleOriginal && (
        <p className="original-title large" lang={incident.originalLanguage || undefined} data-testid="incident-title-original">
          {incident.titleOriginal}
        </p>
      )}
      <div className="incident-meta">
        <IncidentStatusBadge status={incident.status} />
        <SeverityBadge severity={incident.severity} />
        <LabelList items={incident.services} kind="service" />
        <LabelList items={incident.tags} kind="tag" />
      </div>
      <dl className="incident-times">
        <div>
          <dt>Started</dt>
          <dd>{formatLocalDateTime(incident.startedAt, zone)}</dd>
        </div>
        <div>
          <dt>Detected</dt>
          <dd>{formatLocalDateTime(incident.detectedAt, zone)}</dd>
        </div>
        <div>
          <dt>Resolved</dt>
          <dd>{formatLocalDateTime(incident.resolvedAt, zone)}</dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>{zone}</dd>
        </div>
      </dl>
      <nav className="incident-views no-print" aria-label="Views of this incident">
        {current !== "incident" && <Link href={base}>Incident page</Link>}
        <Link href={`${base}/edit`} data-testid="incident-edit-link">
          Edit details
        </Link>
        {current !== "postmortem" && (
          <Link href={`${base}/postmortem`} data-testid="postmortem-link">
            Postmortem
          </Link>
        )}
        {current !== "revisions" && (
          <Link href={`${base}/revisions`} data-testid="revisions-link">
            Revisions
          </Link>
        )}
        <a href={`/api/v1/incidents/${incident.slug}/export?format=md`} data-testid="export-md-link">
          Export Markdown
        </a>
        <a href={`/api/v1/incidents/${incident.slug}/export?format=json`} data-testid="export-json-link">
          Export JSON
        </a>
      </nav>
    </header>
  );
}
