"use client";

export interface ApiIssue {
  path: string;
  message: string;
}

/** A failed API call: the server's `{error, issues?}` plus the HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly issues: ApiIssue[];
  constructor(message: string, status: number, issues: ApiIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.issues = issues;
  }

  /** Optimistic-concurrency clash: someone saved a newer version first. */
  get isStaleVersion(): boolean {
    return this.status === 409 && /changed by someone else/i.test(this.message);
  }

  issuesFor(field: string): ApiIssue[] {
    return this.issues.filter((issue) => issue.path === field || issue.path.startsWith(`${field}.`));
  }
}

export const AUTHOR_STORAGE_KEY = "casebook.author";

function authorHeader(): Record<string, string> {
  try {
    const name = window.localStorage.getItem(AUTHOR_STORAGE_KEY)?.trim();
    // Header values are Latin-1: percent-encoding carries any name (e.g. 张三) through unchanged.
    return name ? { "x-casebook-author": encodeURIComponent(name) } : {};
  } catch {
    return {};
  }
}

/**
 * Calls the REST API (/api/v1/…). JSON bodies are sent as JSON, FormData as multipart; a non-2xx
 * answer throws an ApiError carrying the server's message and per-field issues.
 */
export async function callApi<T = unknown>(method: "GET" | "POST" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...authorHeader() };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload, cache: "no-store" });
  } catch {
    throw new ApiError("could not reach the server; check your connection and try again", 0);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = data as { error?: string; issues?: ApiIssue[] } | undefined;
    throw new ApiError(error?.error ?? `request failed with HTTP ${response.status}`, response.status, error?.issues ?? []);
  }
  return data as T;
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(error instanceof Error ? error.message : String(error), 0);
}
