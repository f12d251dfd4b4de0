import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import { TriggerWindowTool } from "../../_components/runbooks/TriggerWindowTool";
import "../tools.css";
import "../../_components/runbooks/runbooks.css";

export const metadata: Metadata = { title: "Trigger window" };

export default async function TriggerWindowPage() {
  await guardPage("/tools/trigger-window");
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumbs">
          <Link href="/tools">Tools</Link> /
        </p>
        <h1>Trigger window</h1>
        <p className="muted">
          Paste a memory series and the logs of the same period: steps in the curve mean an event triggered the leak, and the events logged
          around each step are the suspects; steady growth means a per-request leak.
        </p>
      </div>
      <TriggerWindowTool />
    </>
  );
}
