/**
 * The `--attach SLUG --server URL [--token T] [--title TEXT]` options shared by the analyzer commands:
 * checked before the analysis runs (so a typo does not cost a long scan), used after it.
 */
import { InvalidInputError } from "../errors";
import type { AnalysisEvidence } from "../evidence/attach";
import { attachToRemoteIncident } from "./attach-remote";
import type { CliIO } from "./command";

export const ATTACH_CLI_OPTIONS = {
  attach: { type: "string" },
  server: { type: "string" },
  token: { type: "string" },
  title: { type: "string" },
} as const;

const ATTACH_HELP: Array<[string, string]> = [
  ["--attach SLUG", "file the result as an evidence entry (with the JSON report) on incident SLUG"],
  ["--server URL", "the Casebook to file it on, e.g. http://127.0.0.1:3000 (required with --attach)"],
  ["--token T", "bearer token for that server (default: $CASEBOOK_TOKEN)"],
  ["--title TEXT", "title of the evidence entry (default: a summary of the result)"],
];

/** Usage lines for the options, descriptions starting at `column` like the command's other options. */
export function attachUsage(column: number): string {
  return ATTACH_HELP.map(([option, text]) => `  ${option}`.padEnd(column) + text).join("\n");
}

export interface AttachTarget {
  slug: string;
  server: string;
  token?: string;
  title?: string;
}

export function attachTarget(
  values: { attach?: string; server?: string; token?: string; title?: string },
  env: NodeJS.ProcessEnv,
): AttachTarget | null {
  if (values.attach === undefined) {
    const stray = (["server", "token", "title"] as const).find((name) => values[name] !== undefined);
    if (stray) throw new InvalidInputError(`--${stray} only applies with --attach SLUG`);
    return null;
  }
  const slug = values.attach.trim();
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) throw new InvalidInputError(`--attach needs an incident slug such as redis-slot-migration-leak, got "${values.attach}"`);
  if (!values.server) throw new InvalidInputError("--attach needs --server URL (the Casebook to file the evidence on)");
  let server: URL;
  try {
    server = new URL(values.server);
  } catch {
    throw new InvalidInputError(`--server must be a URL such as http://127.0.0.1:3000, got "${values.server}"`);
  }
  if (server.protocol !== "http:" && server.protocol !== "https:") throw new InvalidInputError(`--server must be an http:// or https:// URL, got "${values.server}"`);
  const token = values.token ?? (env.CASEBOOK_TOKEN?.trim() || undefined);
  return { slug, server: values.server, token, title: values.title };
}

/** Files the evidence and says where, on stderr so that --json and --markdown output stays clean. */
export async function fileEvidence(target: AttachTarget, evidence: AnalysisEvidence, io: CliIO): Promise<void> {
  const filed = await attachToRemoteIncident(
    { slug: target.slug, server: target.server, token: target.token },
    target.title ? { ...evidence, title: target.title } : evidence,
  );
  io.stderr.write(`filed as evidence entry ${filed.entryKey} on ${target.slug}: ${filed.url}\n`);
}
