import type { Incident } from "@/lib/domain/incident";
import { Markdown } from "../Markdown";
import { MarkdownList } from "../MarkdownList";

/** Summary (with the original-language summary beside it), impact, root cause, contributing factors. */
export function IncidentOverview({ incident }: { incident: Incident }) {
  const hasAnything = incident.summary || incident.summaryOriginal || incident.impact || incident.rootCause || incident.contributingFactors.length;
  if (!hasAnything) return <p className="muted">No summary yet — add one on the edit page.</p>;
  return (
    <div className="overview">
      {(incident.summary || incident.summaryOriginal) && (
        <div className={incident.summary && incident.summaryOriginal ? "side-by-side" : undefined}>
          {incident.summary && (
            <div>
              <h3>Summary</h3>
              <Markdown source={incident.summary} testId="incident-summary" />
            </div>
          )}
          {incident.summaryOriginal && (
            <div>
              <h3>Original summary{incident.originalLanguage ? ` (${incident.originalLanguage})` : ""}</h3>
              <Markdown source={incident.summaryOriginal} lang={incident.originalLanguage || undefined} testId="incident-summary-original" />
            </div>
          )}
        </div>
      )}
      {incident.impact && (
        <>
          <h3>Impact</h3>
          <Markdown source={incident.impact} />
        </>
      )}
      {incident.rootCause && (
        <>
          <h3>Root cause</h3>
          <Markdown source={incident.rootCause} testId="incident-root-cause" />
        </>
      )}
      {incident.contributingFactors.length > 0 && (
        <>
          <h3>Contributing factors</h3>
          <MarkdownList items={incident.contributingFactors} testId="contributing-factors" />
        </>
      )}
    </div>
  );
}
