import { auditEventsToCsv, listAuditEvents } from "@/lib/auth/audit";
import { InvalidInputError } from "@/lib/errors";
import { db } from "@/lib/http/context";
import { json, queryObject, route } from "@/lib/http/responses";

/** Admins: the audit log, filtered by ?actor=&action=&outcome=&from=&to=&limit=, as ?format=json (default) or csv. */
export const GET = route(
  async (request) => {
    const { format = "json", download, ...filters } = queryObject(request);
    if (format !== "json" && format !== "csv") throw new InvalidInputError(`format must be json or csv, got "${format}"`);
    const events = await listAuditEvents(await db(), filters);
    const disposition: Record<string, string> = download === "1" ? { "content-disposition": `attachment; filename="casebook-audit.${format}"` } : {};
    if (format === "json") return json({ events }, 200, disposition);
    return new Response(auditEventsToCsv(events), { headers: { "content-type": "text/csv; charset=utf-8", ...disposition } });
  },
  { permission: "view-audit", audit: "audit-export" },
);
