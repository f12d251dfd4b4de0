import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { configuredRepoRoots } from "@/lib/analyze/requests";
import { getDb } from "@/lib/db/client";
import { listIncidents } from "@/lib/incidents/incidents";
import { BackportsTool } from "../../_components/tools/BackportsTool";
import "../tools.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Backport scanner" };

export default async function BackportsPage() {
  const viewer = await guardPage("/tools/backports");
  const incidents = (await listIncidents(await getDb(), {}, incidentVisibilityWhere(viewer))).map(({ slug, title }) => ({ slug, title }));
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumbs">
          <Link href="/tools">Tools</Link> /
        </p>
        <h1>Backport scanner</h1>
        <p className="muted">Upstream memory-safety fixes the deployed version lacks, most relevant first.</p>
      </div>
      <BackportsTool incidents={incidents} repoRoots={configuredRepoRoots(process.env)} />
    </>
  );
}
