import type { Viewer } from "@/lib/auth/roles";
import { canManageIncidentAccess, getIncidentAccess } from "@/lib/auth/visibility";
import { getDb } from "@/lib/db/client";
import { setIncidentAccessAction } from "./incident-access-actions";

/** "Who can see this incident" on the edit page, for admins and editors of the incident (only with accounts). */
export async function IncidentAccessSection({ slug, viewer }: { slug: string; viewer: Viewer }) {
  if (viewer.kind !== "user") return null;
  const db = await getDb();
  if (!(await canManageIncidentAccess(db, viewer, slug))) return null;
  const access = await getIncidentAccess(db, slug);
  return (
    <section id="access" className="page-section" data-testid="incident-access">
      <h2>Who can see this incident</h2>
      <form action={setIncidentAccessAction} className="form-grid compact">
        <input type="hidden" name="slug" value={slug} />
        <label className="field-row">
          <input type="checkbox" name="restricted" defaultChecked={access.restricted} data-testid="incident-restricted" /> Restricted: only the members below and admins
          see it (in lists, search, similar incidents, exports, the API and the CLI)
        </label>
        <label className="field">
          <span className="field-label">Members (emails, one per line)</span>
          <textarea name="members" rows={4} defaultValue={access.members.map((member) => member.email).join("\n")} data-testid="incident-members" />
          <span className="field-hint">You stay a member of incidents you restrict.</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="button" data-testid="incident-access-save">Save access</button>
        </div>
      </form>
    </section>
  );
}
