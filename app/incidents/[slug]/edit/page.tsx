import { guardPage } from "@/app/_auth/guard-page";
import { IncidentAccessSection } from "@/app/_auth/IncidentAccessSection";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getIncident } from "@/lib/incidents/incidents";
import { incidentToFormValues } from "@/lib/view/incident-form";
import { DeleteIncidentButton } from "../../../_components/incident-form/DeleteIncidentButton";
import { IncidentForm } from "../../../_components/incident-form/IncidentForm";
import { knownTimeZones } from "../../../_components/incident-form/time-zones";
import { orNotFound } from "../../../_components/or-not-found";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit incident" };

export default async function EditIncidentPage({ params }: { params: Promise<{ slug: string }> }) {
  const viewer = await guardPage("/incidents/[slug]/edit", { slug: (await params).slug });
  const { slug } = await params;
  const db = await getDb();
  const incident = await orNotFound(getIncident(db, slug));
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumbs no-print">
          <Link href="/incidents">Incidents</Link> / <Link href={`/incidents/${incident.slug}`}>{incident.title}</Link> /
        </p>
        <h1>Edit incident</h1>
        <p className="muted">Version {incident.version}. If someone else saves first, you will be asked to reload; your text stays.</p>
      </div>
      <IncidentForm initial={incidentToFormValues(incident)} existing={{ slug: incident.slug, version: incident.version }} timeZones={knownTimeZones()} />
      <IncidentAccessSection slug={incident.slug} viewer={viewer} />
      <DeleteIncidentButton slug={incident.slug} title={incident.title} version={incident.version} />
    </>
  );
}
