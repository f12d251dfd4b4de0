import { performAnalysis } from "@/lib/analyze/perform";
import { ANALYZE_BODY_LIMIT_BYTES, backportsJob } from "@/lib/analyze/requests";
import { actorOf, db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

/**
 * Backport scan of a repository under CASEBOOK_REPO_ROOTS, or classification of a pasted git log / release notes.
 * Analysis alone needs "read"; attaching the result to an incident needs "write" and sight of the incident.
 */
export const POST = route(
  async (request, _context, auth) => {
    const job = backportsJob(await readJson(request, ANALYZE_BODY_LIMIT_BYTES), process.env);
    if (job.attach) {
      auth.require("write");
      await auth.assertIncidentVisible(job.attach.slug);
    }
    return json(await performAnalysis(job, db, actorOf(request)));
  },
  { permission: "read" },
);
