import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { libraryItems, loadLibrary } from "@/lib/checklists/library";
import { getChecklist, listChecklists } from "@/lib/checklists/named";
import { filterVocabulary } from "@/lib/checklists/select";
import { getDb } from "@/lib/db/client";
import { ChecklistBuilder, type EditedChecklist } from "../_components/checklists/ChecklistBuilder";
import { orNotFound } from "../_components/or-not-found";
import "../_components/checklists/checklists.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checklists" };

export default async function ChecklistsPage({ searchParams }: { searchParams: Promise<{ edit?: string | string[] }> }) {
  const visibility = incidentVisibilityWhere(await guardPage("/checklists"));
  const db = await getDb();
  const { edit } = await searchParams;
  const lessons = await loadLibrary(db, visibility);
  const saved = await listChecklists(db);
  const editName = typeof edit === "string" ? edit : undefined;
  let editing: EditedChecklist | undefined;
  if (editName) {
    const checklist = await orNotFound(getChecklist(db, editName, visibility));
    editing = { name: checklist.name, title: checklist.title, description: checklist.description, version: checklist.version, items: checklist.items.map((item) => item.code) };
  }
  const items = libraryItems(lessons);
  return (
    <>
      <div className="page-heading">
        <h1>Review checklists</h1>
        <p className="muted">
          Lessons turned into questions reviewers ask, each traced back to the incidents that taught it. Build a checklist, then
          export it into your repository as a pull-request template. In CI, <code>casebook checklist for-diff</code> picks the
          items a change calls for — or try it here: <Link href="/checklists/for-diff">checklist for a change</Link>.
        </p>
      </div>
      <section className="page-section" data-testid="saved-checklists">
        <h2>Saved checklists</h2>
        {saved.length === 0 ? (
          <p className="muted">None yet — build one below.</p>
        ) : (
          <ul>
            {saved.map((checklist) => (
              <li key={checklist.name}>
                <Link href={`/checklists/${checklist.name}`}>{checklist.title}</Link> <span className="muted small">({checklist.name}, {checklist.itemCount} items)</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="page-section">
        {items.length === 0 ? (
          <p className="muted" data-testid="library-empty">
            The library has no checklist items yet. Items are written in <code>content/lessons/&lt;slug&gt;.md</code> and loaded with{" "}
            <code>casebook import</code>.
          </p>
        ) : (
          <ChecklistBuilder key={editing?.name ?? "new"} items={items} vocabulary={filterVocabulary(lessons)} editing={editing} />
        )}
      </section>
    </>
  );
}
