import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { configuredRepoRoots } from "@/lib/analyze/requests";
import { getDb } from "@/lib/db/client";
import { listIncidents } from "@/lib/incidents/incidents";
import { ALLOCATION_COHESION_LESSON, lessonPathIfExists } from "@/lib/incidents/lessons";
import { DiffReviewTool } from "../../_components/tools/DiffReviewTool";
import "../tools.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Diff review" };

export default async function DiffReviewPage() {
  const viewer = await guardPage("/tools/diff-review");
  const db = await getDb();
  const incidents = (await listIncidents(db, {}, incidentVisibilityWhere(viewer))).map(({ slug, title }) => ({ slug, title }));
  const lessonPath = await lessonPathIfExists(db, ALLOCATION_COHESION_LESSON);
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumbs">
          <Link href="/tools">Tools</Link> /
        </p>
        <h1>Diff review by feature</h1>
        <p className="muted">Functions, their callers and callees in review order, and where ownership of memory changed hands.</p>
      </div>
      <DiffReviewTool incidents={incidents} repoRoots={configuredRepoRoots(process.env)} lessonPath={lessonPath} />
    </>
  );
}
