import { InvalidInputError } from "../errors";
import type { AnalysisEvidence } from "../evidence/attach";

/**
 * `--attach SLUG --server URL [--token T]`: files an analyzer report on a running Casebook through
 * its API, so the CLI on a production host needs no database access.
 */
export async function attachToRemoteIncident(
  options: { slug: string; server: string; token?: string },
  evidence: AnalysisEvidence,
): Promise<{ entryKey: string; url: string }> {
  let base: URL;
  try {
    base = new URL(options.server);
  } catch {
    throw new InvalidInputError(`--server must be a URL such as http://127.0.0.1:3000, got "${options.server}"`);
  }
  const url = new URL(`/api/v1/incidents/${encodeURIComponent(options.slug)}/evidence`, base);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify(evidence),
    });
  } catch (error) {
    throw new InvalidInputError(`cannot reach ${base.origin}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string; entry?: { key: string } };
  if (!response.ok) throw new InvalidInputError(`the server refused the evidence (HTTP ${response.status}): ${body.error ?? response.statusText}`);
  // Timeline entries carry the id "entry-<key>" on the incident page.
  return { entryKey: body.entry?.key ?? "", url: new URL(`/incidents/${encodeURIComponent(options.slug)}#entry-${body.entry?.key ?? ""}`, base).toString() };
}
