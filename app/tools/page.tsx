import { guardPage } from "@/app/_auth/guard-page";
import type { Metadata } from "next";
import Link from "next/link";
import "./tools.css";

export const metadata: Metadata = { title: "Tools" };

const TOOLS = [
  {
    href: "/tools/backports",
    name: "Backport scanner",
    summary:
      "Which upstream memory-safety fixes (leaks, use after free, double free, fd leaks) the deployed version — and your fork — lacks, ranked, with the first release that has each fix. Scan a clone on the server or paste a git log or release notes.",
    cli: "casebook backports",
  },
  {
    href: "/tools/diff-review",
    name: "Diff review by feature",
    summary:
      "A change grouped file → function with the callers and callees to read, in review order; flags functions that now hand out owned memory while their callers were not updated, and callers that would free twice.",
    cli: "casebook diff-review",
  },
  {
    href: "/tools/trigger-window",
    name: "Trigger window",
    summary:
      "A memory series (CSV) and an event log: step changes found by change-point detection versus steady growth, the events logged in the window of each change, and a chart with the events marked.",
    cli: "casebook runbook trigger-window",
  },
  {
    href: "/tools/dump",
    name: "Memory dump analyzer",
    summary:
      "Redis SDS strings in a core, raw dump or pasted hexdump: header signatures, contiguous runs at a constant stride, key patterns and the share hashing to slots the node does not own — with a plain-language verdict.",
    cli: "casebook dump analyze",
  },
];

/** Index of the analysis tools; each result can be filed as evidence on an incident. */
export default async function ToolsPage() {
  await guardPage("/tools");
  return (
    <>
      <div className="page-heading">
        <h1>Tools</h1>
        <p className="muted">Analyses whose results can be filed as evidence on an incident, with the full JSON report attached.</p>
      </div>
      <ul className="card-list tool-index" data-testid="tool-list">
        {TOOLS.map((tool) => (
          <li key={tool.href} className="card" data-testid="tool-card">
            <h2>
              <Link href={tool.href}>{tool.name}</Link>
            </h2>
            <p>{tool.summary}</p>
            <p className="muted small">
              Also on the command line: <code>{tool.cli}</code> (with <code>--attach SLUG --server URL</code> to file the result).
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
