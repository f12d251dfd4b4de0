"use client";

import type { DumpReport } from "@/lib/analyzers/dump/report";
import { dumpQueryString, type DumpFormOptions } from "@/lib/analyze/dump-cli-command";
import { ApiError, AUTHOR_STORAGE_KEY, type ApiIssue } from "../../_components/api-client";

export const DUMP_ENDPOINT = "/api/v1/analyze/dump";

export type DumpBody = { kind: "file"; file: File } | { kind: "text"; text: string };

export interface FiledDump {
  result: DumpReport;
  evidence: { entryKey: string; attachmentId: string };
}

function authorHeader(): Record<string, string> {
  try {
    const name = window.localStorage.getItem(AUTHOR_STORAGE_KEY)?.trim();
    return name ? { "x-casebook-author": encodeURIComponent(name) } : {};
  } catch {
    return {};
  }
}

/**
 * POSTs the dump as the raw body (callApi sends JSON or multipart; this endpoint takes the bytes themselves),
 * the options as query parameters. Failures become ApiErrors like callApi's.
 */
export async function postDump<T = DumpReport>(body: DumpBody, form: DumpFormOptions, attach?: { slug: string; title?: string }): Promise<T> {
  const headers = { accept: "application/json", "content-type": body.kind === "file" ? "application/octet-stream" : "text/plain; charset=utf-8", ...authorHeader() };
  let response: Response;
  try {
    response = await fetch(`${DUMP_ENDPOINT}${dumpQueryString(form, attach)}`, { method: "POST", headers, body: body.kind === "file" ? body.file : body.text, cache: "no-store" });
  } catch {
    throw new ApiError("could not reach the server; check your connection and try again", 0);
  }
  const text = await response.text();
  let data: unknown;
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
