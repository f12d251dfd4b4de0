import { csrfProblem, resolveViewer } from "@/lib/auth/request";
import { signOut } from "@/lib/auth/login";
import { sessionCookieFrom, sessionCookieHeader } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/responses";
import { ForbiddenError } from "@/lib/errors";

/** POST /logout (a form in the header): ends the session, clears the cookie, back to /login. */
export async function POST(request: Request): Promise<Response> {
  try {
    const db = await getDb();
    const { viewer, ip } = await resolveViewer(db, request.headers);
    const problem = csrfProblem("POST", request.headers, viewer);
    if (problem) throw new ForbiddenError(problem);
    await signOut(db, sessionCookieFrom(request.headers.get("cookie")), viewer.kind === "user" ? viewer.user : null, ip);
    const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
    return new Response(null, { status: 303, headers: { location: "/login", "set-cookie": sessionCookieHeader("", { secure }) } });
  } catch (error) {
    return errorResponse(error);
  }
}
