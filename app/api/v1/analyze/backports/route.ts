import { performAnalysis } from "@/lib/analyze/perform";
import { ANALYZE_BODY_LIMIT_BYTES, backportsJob } from "@/lib/analyze/requests";
import { actorOf, db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

/** Backport scan of a repository under CASEBOOK_REPO_ROOTS, or classification of a pasted git log / release notes. */
export const POST = route(async (request) =>
  json(await performAnalysis(backportsJob(await readJson(request, ANALYZE_BODY_LIMIT_BYTES), process.env), db, actorOf(request))),
);
