import { CasebookError, InvalidInputError, PayloadTooLargeError } from "../errors";
import { guardRequest, type RouteOptions } from "./guard";
import type { RequestAuth } from "./request-auth";

export type { RouteOptions } from "./guard";
export type { RequestAuth } from "./request-auth";

/** Default cap for JSON request bodies; attachments and dumps have their own limits. */
export const DEFAULT_JSON_LIMIT_BYTES = 2 * 1024 * 1024;

export function json(data: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Every failure leaves as JSON `{error, issues?}`; unexpected ones are logged and never leak a stack. */
export function errorResponse(error: unknown): Response {
  if (error instanceof CasebookError) {
    return json({ error: error.message, ...(error.issues ? { issues: error.issues } : {}) }, error.status);
  }
  console.error("[casebook] unexpected error", error);
  return json({ error: "internal error; the server log has the details" }, 500);
}

type Handler<C> = (request: Request, context: C, auth: RequestAuth) => Promise<Response>;

/**
 * Wraps a route handler: checks who is calling (guard.ts — sign-in, role, CSRF origin, restricted
 * incidents, audit log), then runs it; thrown CasebookErrors become their HTTP status with a JSON
 * message. Every handler is guarded by default (GET → "read", other methods → "write"); pass
 * options for anything else, e.g. `route(handler, { permission: "delete-incident" })`.
 */
export function route<C>(handler: Handler<C>, options: RouteOptions = {}): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    let finish: ((status: number) => Promise<void>) | undefined;
    let response: Response;
    try {
      const guarded = await guardRequest(request, context, options);
      finish = guarded.finish;
      response = await handler(request, context, guarded.auth);
    } catch (error) {
      response = errorResponse(error);
    }
    if (finish) await finish(response.status).catch((error) => console.error("[casebook] audit log write failed", error));
    return response;
  };
}

/** Reads a request body up to `limit` bytes, refusing larger ones without buffering them whole. */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    throw new PayloadTooLargeError(`request body is ${declared} bytes; the limit is ${limit} bytes`);
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(`request body is over the limit of ${limit} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** `emptyBody`: what an empty body stands for, for endpoints whose every field is optional; else empty is a 400. */
export async function readJson(request: Request, limit = DEFAULT_JSON_LIMIT_BYTES, options: { emptyBody?: unknown } = {}): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type && !type.includes("json")) throw new InvalidInputError(`expected a JSON body (content-type application/json), got "${type}"`);
  const bytes = await readBodyBytes(request, limit);
  const text = new TextDecoder().decode(bytes);
  if (!text.trim()) {
    if ("emptyBody" in options) return options.emptyBody;
    throw new InvalidInputError("the request body is empty; send a JSON object");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Query parameters as a plain object (first value wins), for zod to validate. */
export function queryObject(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  const result: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in result)) result[key] = value;
  return result;
}

/** Optional integer query parameter such as ?version=3. */
export function optionalVersion(request: Request): number | undefined {
  const raw = new URL(request.url).searchParams.get("version");
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw new InvalidInputError(`version must be a positive integer, got "${raw}"`);
  return Number(raw);
}
