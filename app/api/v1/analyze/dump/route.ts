import { DUMP_BODY_LIMIT_BYTES, dumpJob } from "@/lib/analyze/dump-request";
import { performAnalysis } from "@/lib/analyze/perform";
import { actorOf, db } from "@/lib/http/context";
import { json, queryObject, readBodyBytes, route } from "@/lib/http/responses";

/**
 * SDS strings in a core, raw dump (application/octet-stream) or hexdump (text/plain); options in the query.
 * Analysis alone needs "read"; `?attach=SLUG` needs "write" and sight of the incident.
 */
export const POST = route(
  async (request, _context, auth) => {
    const job = dumpJob(await readBodyBytes(request, DUMP_BODY_LIMIT_BYTES), request.headers.get("content-type"), queryObject(request));
    if (job.attach) {
      auth.require("write");
      await auth.assertIncidentVisible(job.attach.slug);
    }
    return json(await performAnalysis(job, db, actorOf(request)));
  },
  { permission: "read" },
);
