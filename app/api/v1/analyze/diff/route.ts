import { performAnalysis } from "@/lib/analyze/perform";
import { ANALYZE_BODY_LIMIT_BYTES, diffReviewJob } from "@/lib/analyze/requests";
import { actorOf, db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

/** Diff-by-feature ownership review of a pasted diff, or of base..head in a repository under CASEBOOK_REPO_ROOTS. */
/** Analysis alone needs "read"; attaching the result to an incident needs "write" and sight of the incident. */
export const POST = route(
  async (request, _context, auth) => {
    const job = diffReviewJob(await readJson(request, ANALYZE_BODY_LIMIT_BYTES), process.env);
    if (job.attach) {
      auth.require("write");
      await auth.assertIncidentVisible(job.attach.slug);
    }
    return json(await performAnalysis(job, db, actorOf(request)));
  },
  { permission: "read" },
);
