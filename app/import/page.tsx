import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import { knownTimeZones } from "../_components/incident-form/time-zones";
import { NarrativeImport } from "./NarrativeImport";
import "./import.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import a postmortem" };

export default async function ImportPage() {
  await guardPage("/import");
  return (
    <>
      <div className="page-heading">
        <h1>Import a postmortem</h1>
        <p className="muted">
          Paste or upload a write-up. Lines that start with a time (16:30, Day 2 10:00, 第二天10:00, 10月20日11:30, ISO) become timeline
          entries with a guessed kind; a lessons section (Lessons learned, 后续思考) becomes lessons. Review the draft next to the source,
          then save it.
        </p>
      </div>
      <NarrativeImport timeZones={knownTimeZones()} />
    </>
  );
}
