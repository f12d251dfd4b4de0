import { performAnalysis } from "@/lib/analyze/perform";
import { ANALYZE_BODY_LIMIT_BYTES, diffReviewJob } from "@/lib/analyze/requests";
import { actorOf, db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

/** Diff-by-feature ownership review of a pasted diff, or of base..head in a repository under CASEBOOK_REPO_ROOTS. */
export const POST = route(async (request) =>
  json(await performAnalysis(diffReviewJob(await readJson(request, ANALYZE_BODY_LIMIT_BYTES), process.env), db, actorOf(request))),
);
