import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { emptyIncidentForm } from "@/lib/view/incident-form";
import { IncidentForm } from "../../_components/incident-form/IncidentForm";
import { knownTimeZones } from "../../_components/incident-form/time-zones";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New incident" };

export default async function NewIncidentPage() {
  await guardPage("/incidents/new");
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumbs no-print">
          <Link href="/incidents">Incidents</Link> /
        </p>
        <h1>New incident</h1>
        <p className="muted">Start with a title and a slug; the timeline, hypotheses and evidence come next on the incident page.</p>
      </div>
      <IncidentForm initial={emptyIncidentForm()} timeZones={knownTimeZones()} />
    </>
  );
}
