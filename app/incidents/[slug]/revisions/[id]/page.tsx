import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import type { RevisionAction } from "@/lib/domain/revision";
import { getIncident } from "@/lib/incidents/incidents";
import { getRevision } from "@/lib/incidents/revisions";
import { formatUtcDateTime } from "@/lib/view/format";
import { orNotFound } from "../../../../_components/or-not-found";
import { RestoreRevisionButton } from "../../../../_components/revisions/RestoreRevisionButton";
import { RevisionDiff } from "../../../../_components/revisions/RevisionDiff";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Revision" };

const ACTION_HEADINGS: Record<RevisionAction, string> = { create: "Created", update: "Updated", delete: "Deleted", restore: "Restored" };

export default async function RevisionPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  await guardPage("/incidents/[slug]/revisions/[id]", await params);
  const { slug, id } = await params;
  const db = await getDb();
  const incident = await orNotFound(getIncident(db, slug));
  const { revision, previous, changes } = await orNotFound(getRevision(db, slug, id));
  const description = `${revision.entityType} “${revision.entityLabel}”`;
  const mode = revision.action === "delete" ? "deleted" : previous ? "changed" : "first";
  const comparedWith =
    revision.action === "delete"
      ? "The state that was deleted"
      : previous
        ? `Compared with the revision of ${formatUtcDateTime(previous.createdAt)}`
        : "The first recorded state";
  return (
    <article data-testid="revision-page">
      <p className="breadcrumbs no-print">
        <Link href="/incidents">Incidents</Link> / <Link href={`/incidents/${slug}`}>{incident.title}</Link> /{" "}
        <Link href={`/incidents/${slug}/revisions`}>Revisions</Link> /
      </p>
      <h1>
        {ACTION_HEADINGS[revision.action]} {revision.entityType} <span className="mono heading-label">{revision.entityLabel}</span>
      </h1>
      <p className="muted">
        {formatUtcDateTime(revision.createdAt)} · by {revision.author || "anonymous"} · {comparedWith}
      </p>
      <RestoreRevisionButton slug={slug} revisionId={revision.id} description={description} deleted={revision.action === "delete"} />
      <section className="page-section">
        <h2>Changes</h2>
        <RevisionDiff changes={changes} mode={mode} />
      </section>
    </article>
  );
}
