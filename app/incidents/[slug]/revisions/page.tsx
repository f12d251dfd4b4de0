import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getIncident } from "@/lib/incidents/incidents";
import { listRevisions } from "@/lib/incidents/revisions";
import { formatUtcDateTime } from "@/lib/view/format";
import { IncidentHeader } from "../../../_components/incident/IncidentHeader";
import { incidentPageTitle } from "../../../_components/incident/page-title";
import { orNotFound } from "../../../_components/or-not-found";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: await incidentPageTitle((await params).slug, "Revisions") };
}

export default async function RevisionsPage({ params }: Props) {
  await guardPage("/incidents/[slug]/revisions", { slug: (await params).slug });
  const { slug } = await params;
  const db = await getDb();
  const incident = await orNotFound(getIncident(db, slug));
  const revisions = await listRevisions(db, slug);
  return (
    <article>
      <IncidentHeader incident={incident} current="revisions" />
      <section className="page-section">
        <h2>Revision history</h2>
        <p className="muted">Every change to the incident and everything in it, newest first. Open one to see what changed and to restore it.</p>
        {revisions.length === 0 ? (
          <p className="muted">No revisions recorded.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table" data-testid="revision-list">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>What</th>
                  <th>Change</th>
                  <th aria-label="Details" />
                </tr>
              </thead>
              <tbody>
                {revisions.map((revision) => (
                  <tr key={revision.id} data-testid="revision-row">
                    <td className="nowrap mono small">{formatUtcDateTime(revision.createdAt)}</td>
                    <td>{revision.author || <span className="muted">anonymous</span>}</td>
                    <td>
                      <span className="badge">{revision.entityType}</span> <span className="mono">{revision.entityLabel}</span>
                    </td>
                    <td>
                      <span className={`badge action-${revision.action}`}>{revision.action}</span>
                    </td>
                    <td>
                      <Link href={`/incidents/${slug}/revisions/${revision.id}`} data-testid="revision-view">
                        View changes
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
