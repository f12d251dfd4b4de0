import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { EXPORT_FORMATS, FORMAT_LABELS } from "@/lib/checklists/exports";
import { getChecklist } from "@/lib/checklists/named";
import { getDb } from "@/lib/db/client";
import { ChecklistItemCard } from "../../_components/checklists/ChecklistItemCard";
import { DeleteChecklistButton } from "../../_components/checklists/DeleteChecklistButton";
import { ExportPreview } from "../../_components/checklists/ExportPreview";
import { orNotFound } from "../../_components/or-not-found";
import "../../_components/checklists/checklists.css";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Checklist ${(await params).name}` };
}

export default async function ChecklistPage({ params }: Props) {
  const viewer = await guardPage("/checklists/[name]", { name: (await params).name });
  const checklist = await orNotFound(getChecklist(await getDb(), (await params).name, incidentVisibilityWhere(viewer)));
  const exportUrl = (format: string) => `/api/v1/checklists/export?checklist=${checklist.name}&format=${format}&download=1`;
  return (
    <article data-testid="checklist-page">
      <div className="page-heading">
        <p className="breadcrumbs">
          <Link href="/checklists">Checklists</Link> /
        </p>
        <h1 data-testid="checklist-heading">{checklist.title}</h1>
        <p className="muted">
          <code>{checklist.name}</code> · {checklist.itemCount} items{checklist.description ? ` · ${checklist.description}` : ""}
        </p>
        <p className="button-row">
          <Link href={`/checklists?edit=${checklist.name}`} className="button small" data-testid="checklist-edit">
            Edit in the builder
          </Link>
          <DeleteChecklistButton name={checklist.name} version={checklist.version} />
        </p>
      </div>
      <section className="page-section">
        <h2>Items</h2>
        <ol className="checklist-items" data-testid="checklist-items">
          {checklist.items.map((item) => (
            <ChecklistItemCard key={item.code} item={item} />
          ))}
        </ol>
      </section>
      <section className="page-section" data-testid="checklist-exports">
        <h2>Export</h2>
        <p className="export-links">
          {EXPORT_FORMATS.map((format) => (
            <a key={format} className="button small" href={exportUrl(format)} data-testid={`export-link-${format}`}>
              {FORMAT_LABELS[format]}
            </a>
          ))}
        </p>
        <p className="small muted">
          From a terminal: <code>casebook checklist export --checklist {checklist.name} --format github &gt; .github/pull_request_template.md</code>
        </p>
        <ExportPreview doc={{ title: checklist.title, name: checklist.name, source: `checklist "${checklist.name}"`, items: checklist.items }} />
      </section>
    </article>
  );
}
