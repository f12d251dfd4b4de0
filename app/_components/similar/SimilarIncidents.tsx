"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { IncidentStatus, Severity } from "@/lib/domain/incident";
import type { SimilarIncident } from "@/lib/search/similar";
import { callApi, toApiError } from "../api-client";
import { IncidentStatusBadge, SeverityBadge } from "../Badges";
import "./similar-incidents.css";

type State = { state: "failed"; message: string } | { state: "done"; similar: SimilarIncident[] };

/**
 * "Similar incidents" on the incident page: shared facts, tags and wording (lib/search/similar.ts).
 * A full-text search over every other incident, so it is asked for after the page has arrived
 * (GET …/similar) instead of holding up the page itself.
 */
export function SimilarIncidents({ slug }: { slug: string }) {
  const [answer, setAnswer] = useState<{ slug: string; result: State } | null>(null);

  useEffect(() => {
    let cancelled = false;
    const settle = (result: State) => !cancelled && setAnswer({ slug, result });
    callApi<{ similar: SimilarIncident[] }>("GET", `/api/v1/incidents/${encodeURIComponent(slug)}/similar`).then(
      ({ similar }) => settle({ state: "done", similar }),
      (error: unknown) => settle({ state: "failed", message: toApiError(error).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [slug]);

  const result = answer?.slug === slug ? answer.result : null;
  if (!result) {
    return (
      <p className="muted" data-testid="similar-loading" aria-busy="true">
        Looking for similar incidents…
      </p>
    );
  }
  if (result.state === "failed") {
    return (
      <p className="form-error" role="alert" data-testid="similar-error">
        Could not look for similar incidents: {result.message}
      </p>
    );
  }
  if (result.similar.length === 0) {
    return (
      <p className="muted" data-testid="similar-none">
        No similar incidents yet — they appear here when other incidents share facts, tags or wording.
      </p>
    );
  }
  return (
    <ul className="similar-incidents" data-testid="similar-incidents">
      {result.similar.map((item) => (
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
