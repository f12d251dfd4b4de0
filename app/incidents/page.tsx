import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import { listIncidents, type IncidentSummary } from "@/lib/incidents/incidents";
import { IncidentFilters, type IncidentFilterValues } from "../_components/incident-list/IncidentFilters";
import { IncidentTable } from "../_components/incident-list/IncidentTable";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

const FILTER_NAMES = ["status", "severity", "service", "tag", "q"] as const;

export default async function IncidentListPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await guardPage("/incidents");
  const params = await searchParams;
  const filters: IncidentFilterValues = {};
  for (const name of FILTER_NAMES) {
    const value = params[name];
    if (typeof value === "string" && value.trim()) filters[name] = value.trim();
  }
  const db = await getDb();
  const all = await listIncidents(db, {}, incidentVisibilityWhere(viewer));
  let incidents: IncidentSummary[] = [];
  let filterError: string | null = null;
  try {
    incidents = Object.keys(filters).length ? await listIncidents(db, filters, incidentVisibilityWhere(viewer)) : all;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    filterError = error.message;
  }
  const services = [...new Set(all.flatMap((incident) => incident.services))].sort();
  const tags = [...new Set(all.flatMap((incident) => incident.tags))].sort();
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <div className="page-heading">
        <h1>Incidents</h1>
        <p className="muted">
          {all.length} incident{all.length === 1 ? "" : "s"} on record
          {filtered && !filterError ? ` · ${incidents.length} match the filters` : ""}
        </p>
      </div>
      <IncidentFilters values={filters} services={services} tags={tags} />
      {filterError && (
        <div className="form-error" role="alert" data-testid="filter-error">
          {filterError}
        </div>
      )}
      {!filterError && incidents.length > 0 && <IncidentTable incidents={incidents} />}
      {!filterError && incidents.length === 0 && (
        <section className="empty-state" data-testid="incident-list-empty">
          {filtered ? (
            <p>
              No incident matches these filters. <Link href="/incidents">Clear the filters</Link> or{" "}
              <Link href="/incidents/new">record a new incident</Link>.
            </p>
          ) : (
            <p>
              No incidents yet. <Link href="/incidents/new">Record the first incident</Link> — a timeline, the hypotheses you
              chased and the evidence that settled them.
            </p>
          )}
        </section>
      )}
    </>
  );
}
