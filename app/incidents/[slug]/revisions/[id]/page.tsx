import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getIncident } from "@/lib/incidents/incidents";
import { getRevision } from "@/lib/incidents/revisions";
import { formatUtcDateTime } from "@/lib/view/format";
import { orNotFound } from "../../../../_components/or-not-found";
import { RestoreRevisionButton } from "../../../../_components/revisions/RestoreRevisionButton";
import { RevisionDiff } from "../../../../_components/revisions/RevisionDiff";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Revision" };

export default async function RevisionPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const db = await getDb();
  const incident = await orNotFound(getIncident(db, slug));
  const { revision, previous, changes } = await orNotFound(getRevision(db, slug, id));
  const description = `${revision.entityType} “${revision.entityLabel}”`;
  const comparedWith =
    revision.action === "delete"
      ? "What was deleted"
      : previous
        ? `Compared with the revision of ${formatUtcDateTime(previous.createdAt)}`
        : "First recorded state";
  return (
    <article data-testid="revision-page">
      <p className="breadcrumbs no-print">
        <Link href="/incidents">Incidents</Link> / <Link href={`/incidents/${slug}`}>{incident.title}</Link> /{" "}
        <Link href={`/incidents/${slug}/revisions`}>Revisions</Link> /
      </p>
      <h1>
        {revision.action} of {description}
      </h1>
      <p className="muted">
        {formatUtcDateTime(revision.createdAt)} · by {revision.author || "anonymous"} · {comparedWith}
      </p>
      <RestoreRevisionButton slug={slug} revisionId={revision.id} description={description} />
      <section className="page-section">
        <h2>Changes</h2>
        <RevisionDiff changes={changes} />
      </section>
    </article>
  );
}
