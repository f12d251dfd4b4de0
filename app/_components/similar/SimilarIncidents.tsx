import { currentViewer } from "@/app/_auth/guard-page";
import { hiddenIncidentIds } from "@/lib/auth/visibility";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import type { IncidentStatus, Severity } from "@/lib/domain";
import { findSimilarIncidents } from "@/lib/search/similar";
import { IncidentStatusBadge, SeverityBadge } from "../Badges";
import "./similar-incidents.css";

/** "Similar incidents" on the incident page: shared facts, tags and wording (lib/search/similar.ts). */
export async function SimilarIncidents({ slug }: { slug: string }) {
  const db = await getDb();
  // Restricted incidents the viewer is no member of are never suggested.
  const similar = await findSimilarIncidents(db, slug, 5, await hiddenIncidentIds(db, await currentViewer()));
  if (similar.length === 0) {
    return (
      <p className="muted" data-testid="similar-none">
        No similar incidents yet — they appear here when other incidents share facts, tags or wording.
      </p>
    );
  }
  return (
    <ul className="similar-incidents" data-testid="similar-incidents">
      {similar.map((item) => (
        <li key={item.slug} data-testid="similar-incident" data-slug={item.slug}>
          <div className="similar-heading">
            <Link href={`/incidents/${encodeURIComponent(item.slug)}`}>{item.title}</Link>
            <IncidentStatusBadge status={item.status as IncidentStatus} />
            <SeverityBadge severity={item.severity as Severity} />
            <span className="similar-score" title="similarity">
              {Math.round(item.score * 100)}%
            </span>
          </div>
          {item.reasons.length > 0 && <p className="muted small">{item.reasons.join(" · ")}</p>}
        </li>
      ))}
    </ul>
  );
}
