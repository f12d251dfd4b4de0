import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Request size limits on every endpoint: a route handler may read its body only through lib/http's
 * readJson/readBodyBytes, which refuse bodies over a limit without buffering them. Reading it any other
 * way (request.json(), .text(), .formData(), .arrayBuffer(), .blob(), .body) would buffer any size.
 */
const API = path.resolve(import.meta.dirname, "..", "..", "..", "app", "api");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const UNBOUNDED_READ = /\b(?:request|req)\s*\.\s*(?:json|text|formData|arrayBuffer|blob|bytes)\s*\(|\b(?:request|req)\s*\.\s*body\b/;

describe("API route bodies", () => {
  const files = routeFiles(API);

  it("finds the route handlers", () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files.map((file) => [path.relative(API, file), file]))("%s reads its body only through a size-limited reader", (_name, file) => {
    const source = fs.readFileSync(file, "utf8");
    expect(source).not.toMatch(UNBOUNDED_READ);
    const writes = /export const (POST|PUT|PATCH)\b/.test(source);
    const readsBody = /\breadJson\(|\breadBodyBytes\(/.test(source);
    // A write handler either reads through a limited reader or takes no body at all (e.g. restore).
    if (writes && !readsBody) expect(source).not.toMatch(/\brequest\b[^;]*\bbody\b/);
  });

  it("the readers refuse an oversized body", async () => {
    const { readBodyBytes, readJson } = await import("@/lib/http/responses");
    const big = new Request("http://x/", { method: "POST", body: "x".repeat(2048), headers: { "content-type": "application/json" } });
    await expect(readJson(big, 1024)).rejects.toMatchObject({ status: 413 });
    const chunked = new Request("http://x/", {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(600));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    await expect(readBodyBytes(chunked, 1024)).rejects.toMatchObject({ status: 413 });
  });
});
