import type { Metadata } from "next";
import { listAuditEvents } from "@/lib/auth/audit";
import { getDb } from "@/lib/db/client";
import { isCasebookError } from "@/lib/errors";
import { guardPage } from "../../_auth/guard-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

const FILTERS = ["actor", "action", "outcome", "from", "to"] as const;

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await guardPage("/admin/audit");
  const raw = await searchParams;
  const filters: Record<string, string> = {};
  for (const name of FILTERS) if (typeof raw[name] === "string" && raw[name]) filters[name] = raw[name] as string;
  let events: Awaited<ReturnType<typeof listAuditEvents>> = [];
  let error: string | null = null;
  try {
    events = await listAuditEvents(await getDb(), { ...filters, limit: 500 });
  } catch (caught) {
    if (!isCasebookError(caught)) throw caught;
    error = caught.message;
  }
  const exportUrl = (format: string) => `/api/v1/audit?${new URLSearchParams({ ...filters, format, limit: "100000", download: "1" })}`;
  return (
    <>
      <div className="page-heading">
        <h1>Audit log</h1>
        <p className="muted">
          Sign-ins (and failures), every change, exports and token use: newest first, up to 500 here. Export: <a href={exportUrl("csv")}>CSV</a> ·{" "}
          <a href={exportUrl("json")}>JSON</a>
        </p>
      </div>
      <form method="get" className="inline-form" data-testid="audit-filters">
        <label className="field"><span className="field-label">Actor</span><input name="actor" defaultValue={filters.actor ?? ""} /></label>
        <label className="field"><span className="field-label">Action</span><input name="action" defaultValue={filters.action ?? ""} placeholder="login, export…" /></label>
        <label className="field">
          <span className="field-label">Outcome</span>
          <select name="outcome" defaultValue={filters.outcome ?? ""}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="denied">denied</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <label className="field"><span className="field-label">From</span><input type="date" name="from" defaultValue={filters.from ?? ""} /></label>
        <label className="field"><span className="field-label">To</span><input type="date" name="to" defaultValue={filters.to ?? ""} /></label>
        <button type="submit" className="button">Filter</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      <table className="data-table" data-testid="audit-table">
        <thead>
          <tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>Target</th><th>From</th><th>Outcome</th></tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-testid="audit-row">
              <td>{event.at.slice(0, 19).replace("T", " ")}</td>
              <td>{event.actor}</td>
              <td>{event.action}</td>
              <td>{event.targetType ? `${event.targetType}: ${event.targetId}` : event.targetId}</td>
              <td>{event.ip}</td>
              <td>{event.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
