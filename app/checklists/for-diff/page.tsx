import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { configuredRepoRoots } from "@/lib/analyze/requests";
import { listChecklists } from "@/lib/checklists/named";
import { getDb } from "@/lib/db/client";
import { ChecklistForDiffTool } from "../../_components/checklists/ChecklistForDiffTool";
import "../../_components/checklists/checklists.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checklist for a change" };

export default async function ChecklistForDiffPage() {
  await guardPage("/checklists/for-diff");
  const checklists = (await listChecklists(await getDb())).map(({ name, title }) => ({ name, title }));
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumbs">
          <Link href="/checklists">Checklists</Link> /
        </p>
        <h1>Checklist for a change</h1>
        <p className="muted">
          The ownership checker&apos;s findings first, then the checklist items whose languages, files and code patterns the change
          touches. In CI: <code>git diff origin/main... | casebook checklist for-diff --diff -</code>.
        </p>
      </div>
      <ChecklistForDiffTool checklists={checklists} repoRoots={configuredRepoRoots(process.env)} />
    </>
  );
}
