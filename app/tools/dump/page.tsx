import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { getDb } from "@/lib/db/client";
import { listIncidents } from "@/lib/incidents/incidents";
import { DumpTool } from "./DumpTool";
import "../tools.css";
import "./dump.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Memory dump analyzer" };

/** This server's address as the browser reached it, for the CLI command shown for oversized dumps. */
async function serverUrl(): Promise<string> {
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "127.0.0.1:3000";
  const protocol = list.get("x-forwarded-proto") ?? "http";
  return `${protocol}://${host}`;
}

export default async function DumpToolPage() {
  const viewer = await guardPage("/tools/dump");
  const incidents = (await listIncidents(await getDb(), {}, incidentVisibilityWhere(viewer))).map(({ slug, title }) => ({ slug, title }));
  return (
    <>
      <div className="page-heading">
        <p className="breadcrumbs">
          <Link href="/tools">Tools</Link> /
        </p>
        <h1>Memory dump analyzer</h1>
        <p className="muted">Redis SDS strings in a core, raw dump or hexdump: header signatures, contiguous runs, key patterns and cluster slot ownership.</p>
      </div>
      <DumpTool incidents={incidents} serverUrl={await serverUrl()} />
    </>
  );
}
