/** Runs an analysis job for the API and, when asked, files the result as evidence on an incident. */
import { GitCommandError } from "../analyzers/git";
import type { Db } from "../db/client";
import { NotFoundError, UnprocessableError } from "../errors";
import { attachAnalysisAsEvidence } from "../evidence/attach";
import { getIncident } from "../incidents/incidents";
import type { AnalysisJob } from "./requests";

/**
 * A missing repository or an unknown ref is a problem with the request's content, not a missing
 * API resource: 422 with the analyzer's message. So is git refusing what it was handed.
 */
async function runForRequest(job: AnalysisJob): ReturnType<AnalysisJob["run"]> {
  try {
    return await job.run();
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof GitCommandError) throw new UnprocessableError(error.message);
    throw error;
  }
}

export interface FiledAnalysis {
  result: unknown;
  evidence: { entryKey: string; attachmentId: string };
}

/**
 * The analyzer's JSON (what the CLI's --json prints), or with `attach` `{result, evidence}`. The
 * incident is looked up before the analysis so that a wrong slug fails fast (404), not after a scan.
 */
export async function performAnalysis(job: AnalysisJob, database: () => Promise<Db>, author: string): Promise<unknown> {
  if (!job.attach) return (await runForRequest(job)).result;
  const { slug, title } = job.attach;
  const db = await database();
  await getIncident(db, slug);
  const { result, evidence } = await runForRequest(job);
  const filed = await attachAnalysisAsEvidence(db, slug, { ...evidence(title), author });
  return { result, evidence: { entryKey: filed.entry.key, attachmentId: filed.attachment.id } } satisfies FiledAnalysis;
}
