/** Human-readable output of a backport scan and of a pasted-log classification. */
import type { PastedLogResult } from "./pasted";
import type { BackportFix, BackportScanResult } from "./types";

function short(hash: string): string {
  return hash.slice(0, 10);
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join("  ").trimEnd());
}

function overlapText(fix: BackportFix): string {
  if (!fix.forkOverlap) return "";
  if (fix.forkOverlap.functions.length) return fix.forkOverlap.functions.join(",");
  if (fix.forkOverlap.files.length) return `file ${fix.forkOverlap.files.join(",")}`;
  return "-";
}

function fixRows(fixes: BackportFix[], withFork: boolean, present: boolean): string[] {
  const header = ["#", "kind", "first tag", ...(present ? ["via"] : []), ...(withFork ? ["in fork", "fork overlap"] : []), "subject"];
  const rows = fixes.map((fix, i) => [
    String(i + 1),
    fix.kind,
    fix.firstTag ?? "(none)",
    ...(present ? [fix.presentVia ?? ""] : []),
    ...(withFork ? [fix.presentInFork ? "yes" : "no", overlapText(fix)] : []),
    fix.subject,
  ]);
  const lines = table([header, ...rows]);
  const out = [`  ${lines[0]}`];
  fixes.forEach((fix, i) => {
    out.push(`  ${lines[i + 1]}`);
    const where = fix.commits.map((commit) => `${short(commit.hash)} (${commit.branch})`).join(", ");
    out.push(`      commits: ${where}`);
    if (fix.functions.length || fix.files.length) {
      out.push(`      touches: ${fix.files.join(", ")}${fix.functions.length ? ` — ${fix.functions.join(", ")}` : ""}`);
    }
  });
  return out;
}

export function renderBackportScan(result: BackportScanResult): string {
  const out: string[] = [];
  const deployed = result.deployed;
  out.push(
    `Deployed ${deployed.ref} (${short(deployed.commit)})${deployed.line ? `, release line ${deployed.line}` : ""}` +
      (result.fork ? `; fork ${result.fork.ref} (${short(result.fork.commit)})` : ""),
  );
  out.push(`Scanned: ${result.lines.map((line) => `${line.line} (${line.refKind} ${line.ref}, ${line.tags} tags)`).join("; ")}`);
  out.push(`${result.stats.commitsScanned} commits, ${result.stats.candidates} candidates, ${result.stats.elapsedMs} ms`, "");
  const withFork = Boolean(result.fork);
  out.push(`MISSING from the deployed version (${result.fixes.length}):`);
  out.push(...(result.fixes.length ? fixRows(result.fixes, withFork, false) : ["  none"]), "");
  out.push(`PRESENT in the deployed version (${result.present.length}):`);
  out.push(...(result.present.length ? fixRows(result.present, withFork, true) : ["  none"]));
  return `${out.join("\n")}\n`;
}

export function renderPastedLog(result: PastedLogResult): string {
  const out = [`Format: ${result.format}; ${result.entries} entries, ${result.fixes.length} look like memory-safety fixes`, ""];
  if (result.fixes.length === 0) return `${out.join("\n")}\n`;
  const rows = result.fixes.map((fix) => [fix.kind, fix.version ?? "", fix.commit ? short(fix.commit) : "", `line ${fix.line}`, fix.subject]);
  out.push(...table([["kind", "version", "commit", "at", "subject"], ...rows]).map((line) => `  ${line}`));
  return `${out.join("\n")}\n`;
}
