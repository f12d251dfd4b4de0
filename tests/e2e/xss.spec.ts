import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DANGEROUS_URL, XSS_LINES, XSS_MARKDOWN, XSS_MARKDOWN_BODY } from "../fixtures/xss-corpus";
import { apiHeaders } from "../support/production-server";
import { uniqueSlug, waitForDiagrams } from "./support/seed";

/**
 * Every payload of tests/fixtures/xss-corpus.ts goes through every Markdown and diagram surface via
 * the API (and the narrative import screen), then each page is opened in Chromium. Nothing may run:
 * no dialog, no `window.__xss`, no event-handler attribute or script URL in the DOM, and no CSP
 * violation (a violation means a payload got into the page and only the policy stopped it).
 */

const FLAG = "__xss";

async function post(request: APIRequestContext, url: string, data: unknown, expected = 201) {
  const response = await request.post(url, { data, headers: apiHeaders() });
  expect(response.status(), `${url}: ${await response.text()}`).toBe(expected);
  return response.json();
}

/** Listens for everything that would show a payload ran, from before the first script of each page. */
async function watch(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    document.addEventListener("securitypolicyviolation", (event) => {
      // zod 4 probes once whether `new Function` works (and catches the refusal); that probe, from the
      // app's own bundle, is the one expected report. Anything else means a payload reached the page.
      const zodProbe = event.violatedDirective.startsWith("script-src") && event.blockedURI === "eval" && event.sourceFile.includes("/_next/static/");
      if (!zodProbe) violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return dialogs;
}

/** Hovers and focuses what user content produced, so mouse and focus handlers would fire too. */
async function poke(page: Page) {
  const targets = page.locator(".markdown a, .markdown img, .diagram-canvas g.node, .markdown details, .markdown summary");
  const count = Math.min(await targets.count(), 60);
  for (let i = 0; i < count; i++) await targets.nth(i).hover({ timeout: 2_000, trial: false }).catch(() => undefined);
}

async function expectNothingRan(page: Page, dialogs: string[], label: string) {
  await waitForDiagrams(page);
  await poke(page);
  await page.waitForTimeout(300);
  const report = await page.evaluate(
    ({ flag, dangerous }) => {
      const pattern = new RegExp(dangerous.source, dangerous.flags);
      const handlers: string[] = [];
      const urls: string[] = [];
      for (const element of Array.from(document.querySelectorAll("*"))) {
        for (const attribute of Array.from(element.attributes)) {
          const name = attribute.name.toLowerCase();
          if (name.startsWith("on")) handlers.push(`<${element.tagName.toLowerCase()} ${name}="${attribute.value.slice(0, 60)}">`);
          if (["href", "src", "xlink:href", "action", "formaction", "data", "srcdoc"].includes(name) && (pattern.test(attribute.value) || name === "srcdoc")) {
            urls.push(`<${element.tagName.toLowerCase()} ${name}="${attribute.value.slice(0, 60)}">`);
          }
        }
      }
      const injected = Array.from(document.querySelectorAll("main script, main iframe, main object, main embed, main form[action^='javascript']")).map((node) => node.outerHTML.slice(0, 80));
      return {
        ran: (window as unknown as Record<string, unknown>)[flag] ?? null,
        violations: (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
        handlers,
        urls,
        injected,
        failedDiagrams: document.querySelectorAll('[data-diagram-state="failed"]').length,
      };
    },
    { flag: FLAG, dangerous: { source: DANGEROUS_URL.source, flags: DANGEROUS_URL.flags } },
  );
  expect.soft(dialogs, `${label}: dialogs`).toEqual([]);
  expect.soft(report.ran, `${label}: window.${FLAG}`).toBeNull();
  expect.soft(report.handlers, `${label}: event-handler attributes`).toEqual([]);
  expect.soft(report.urls, `${label}: script URLs`).toEqual([]);
  expect.soft(report.injected, `${label}: injected elements`).toEqual([]);
  expect.soft(report.violations, `${label}: CSP violations`).toEqual([]);
  return report;
}

test("no XSS payload executes on any Markdown, diagram or search surface", async ({ page, request }) => {
  test.setTimeout(480_000); // ~20 pages with diagrams; minutes on a busy 2-core machine
  const dialogs = await watch(page);
  const slug = uniqueSlug("xss");
  const facts: Record<string, string> = {};
  XSS_LINES.forEach((line, index) => (facts[`xss_${index}`] = line));
  await post(request, "/api/v1/incidents", {
    slug,
    title: `xsscorpus ${XSS_LINES[1]}`.slice(0, 200),
    summary: `xsscorpus summary\n\n${XSS_MARKDOWN_BODY}`,
    impact: XSS_MARKDOWN_BODY,
    rootCause: XSS_MARKDOWN_BODY,
    contributingFactors: XSS_MARKDOWN,
    facts: { ...facts, version: "3.2.8", symptom: XSS_LINES[0] },
    services: [XSS_LINES[0].slice(0, 60)],
    tags: ["xss", XSS_LINES[8].slice(0, 60)],
    startedAt: "2026-03-01T10:00:00+00:00",
  });

  // Entries: every line as a hypothesis title (the hypothesis graph and timeline diagrams are built
  // from titles), each with the whole Markdown corpus as its body; links carry payload notes.
  const keys: string[] = [];
  for (const [index, line] of XSS_LINES.entries()) {
    const entry = (await post(request, `/api/v1/incidents/${slug}/entries`, {
      at: `2026-03-01T1${index % 10}:0${index % 6}:00+00:00`,
      kind: index % 3 === 0 ? "observation" : "hypothesis",
      title: line,
      body: XSS_MARKDOWN_BODY,
    })) as { key: string };
    keys.push(entry.key);
  }
  await post(request, `/api/v1/incidents/${slug}/entries`, {
    at: "2026-03-01T20:00:00+00:00",
    kind: "hypothesis",
    title: `override ${XSS_LINES[2]}`,
    statusOverride: "refuted",
    statusReason: XSS_MARKDOWN.slice(0, 8).join("\n").slice(0, 2000),
  });
  // Observations (every third line) back or refute the hypotheses (the others): the graph's edges.
  for (let i = 1; i < keys.length; i++) {
    if (i % 3 === 0) continue;
    const from = keys[Math.floor(i / 3) * 3];
    await post(request, `/api/v1/incidents/${slug}/links`, { from, to: keys[i], type: i % 2 ? "supports" : "refutes", note: XSS_LINES[i % XSS_LINES.length] });
  }
  for (const line of XSS_LINES.slice(0, 6)) {
    await post(request, `/api/v1/incidents/${slug}/action-items`, { title: line, owner: line.slice(0, 120) });
  }
  const lesson = (await post(request, `/api/v1/incidents/${slug}/lessons`, { title: `xsscorpus lesson ${XSS_LINES[1]}`, body: XSS_MARKDOWN_BODY, tags: ["xss"] })) as { slug: string };
  await post(request, `/api/v1/incidents/${slug}/evidence`, {
    title: `analysis ${XSS_LINES[0]}`,
    summaryMarkdown: `### Analyzer summary\n\n${XSS_MARKDOWN_BODY}`,
    report: { note: XSS_LINES[4] },
    reportName: "xss-report.json",
  });
  // A revision whose diff shows payloads on both sides.
  const current = (await (await request.get(`/api/v1/incidents/${slug}`, { headers: apiHeaders() })).json()) as { incident: { version: number } };
  const patched = await request.patch(`/api/v1/incidents/${slug}`, { data: { version: current.incident.version, summary: `changed ${XSS_LINES[0]}\n\n${XSS_MARKDOWN.slice(10).join("\n\n")}` }, headers: apiHeaders() });
  expect(patched.status(), await patched.text()).toBe(200);
  const revisions = (await (await request.get(`/api/v1/incidents/${slug}/revisions`, { headers: apiHeaders() })).json()) as { revisions: { id: string }[] };

  const pages = [
    `/incidents/${slug}`,
    `/incidents/${slug}?timeline=all`,
    `/incidents/${slug}/postmortem`,
    `/incidents/${slug}/edit`,
    `/incidents/${slug}/revisions`,
    ...revisions.revisions.slice(0, 3).map((revision) => `/incidents/${slug}/revisions/${revision.id}`),
    "/incidents",
    `/lessons/${lesson.slug}`,
    "/lessons",
    "/search?q=xsscorpus",
    "/search?q=script",
    `/search?q=${encodeURIComponent(XSS_LINES[1])}`,
    `/search?q=${encodeURIComponent("内存泄漏")}`,
    `/runbooks?incident=${slug}`,
  ];
  for (const target of pages) {
    const response = await page.goto(target);
    expect.soft(response?.status(), target).toBe(200);
    await expectNothingRan(page, dialogs, target);
  }
  // The diagrams built from payload titles must still draw under the CSP (mermaid injects <style>).
  await page.goto(`/incidents/${slug}`);
  await waitForDiagrams(page);
  expect(await page.locator('[data-diagram-state="rendered"]').count()).toBeGreaterThan(0);
});

test("lesson files and their checklist items with payloads render inert", async ({ page }) => {
  const dialogs = await watch(page);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-xss-lessons-"));
  fs.mkdirSync(path.join(root, "incidents"));
  fs.mkdirSync(path.join(root, "lessons"));
  const slug = uniqueSlug("xss-lesson-file");
  const yamlString = (text: string) => JSON.stringify(text);
  fs.writeFileSync(
    path.join(root, "lessons", `${slug}.md`),
    [
      "---",
      `slug: ${slug}`,
      `title: ${yamlString(`xsscorpus file lesson ${XSS_LINES[1]}`)}`,
      "tags:",
      "  - xss",
      "incidents: []",
      "items:",
      ...XSS_LINES.slice(0, 6).flatMap((line, index) => [
        `  - id: XSS-${String(index + 1).padStart(2, "0")}`,
        "    severity: high",
        `    question: ${yamlString(`Does it hold? ${line}`)}`,
        `    why: ${yamlString(XSS_MARKDOWN[index])}`,
        "    appliesTo:",
        "      languages:",
        "        - c",
      ]),
      "---",
      "",
      XSS_MARKDOWN_BODY,
      "",
    ].join("\n"),
  );
  execFileSync(process.execPath, ["bin/casebook.mjs", "import", root], { env: { ...process.env, DATABASE_URL: process.env.CASEBOOK_E2E_DATABASE_URL }, stdio: "pipe" });
  for (const target of [`/lessons/${slug}`, "/checklists", "/checklists?tags=xss", "/search?q=xsscorpus"]) {
    const response = await page.goto(target);
    expect.soft(response?.status(), target).toBe(200);
    await expectNothingRan(page, dialogs, target);
  }
  fs.rmSync(root, { recursive: true, force: true });
});

test("a narrative full of payloads drafts and saves without running any", async ({ page }) => {
  const dialogs = await watch(page);
  await page.goto("/import");
  const narrative = [
    `# xsscorpus narrative ${XSS_LINES[0]}`,
    "",
    ...XSS_LINES.map((line, index) => `1${index % 10}:0${index % 6} ${line}`),
    "",
    "## Lessons",
    "",
    ...XSS_MARKDOWN.slice(0, 10).map((markdown) => `- ${markdown.replace(/\n/g, " ")}`),
  ].join("\n");
  await page.getByTestId("narrative-text").fill(narrative);
  await page.getByTestId("narrative-build").click();
  await expect(page.getByTestId("narrative-draft")).toBeVisible();
  await expectNothingRan(page, dialogs, "/import draft");
  await page.getByTestId("draft-slug").fill(uniqueSlug("xss-narrative"));
  await page.getByTestId("narrative-save").click();
  await page.waitForURL(/\/incidents\/xss-narrative-/);
  await expectNothingRan(page, dialogs, "saved narrative incident");
});

test("uploads: images must be what they claim, and attachments are served inert", async ({ request }) => {
  const slug = uniqueSlug("xss-upload");
  await post(request, "/api/v1/incidents", { slug, title: "Upload checks" });
  const upload = (name: string, mediaType: string, body: string | Buffer) =>
    request.post(`/api/v1/incidents/${slug}/attachments?filename=${encodeURIComponent(name)}&mediaType=${encodeURIComponent(mediaType)}`, {
      data: typeof body === "string" ? Buffer.from(body) : body,
      headers: apiHeaders({ "content-type": "application/octet-stream" }),
    });
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>';
  for (const [name, type, body] of [
    ["evil.png", "image/png", svg],
    ["evil.jpg", "image/jpeg", `<html><script>alert(1)</script></html>`],
    ["evil.svg", "image/svg+xml", svg],
    ["evil.html", "text/html", "<script>alert(1)</script>"],
    ["polyglot.gif", "image/gif", `GIF89a<script>alert(1)</script>`],
  ] as const) {
    const response = await upload(name, type, body);
    expect.soft(response.status(), `${name} as ${type}: ${await response.text()}`).toBe(400);
  }
  const text = await upload("notes<script>.txt", "text/plain", "<script>alert(1)</script>");
  expect(text.status(), await text.text()).toBe(201);
  const stored = (await text.json()) as { id: string };
  const served = await request.get(`/api/v1/incidents/${slug}/attachments/${stored.id}`, { headers: apiHeaders() });
  expect(served.status()).toBe(200);
  const headers = served.headers();
  expect(headers["content-type"]).toMatch(/^text\/plain/);
  expect(headers["content-disposition"]).toMatch(/^attachment; filename\*=UTF-8''notes%3Cscript%3E\.txt$/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-security-policy"]).toContain("sandbox");
  expect(headers["content-security-policy"]).toContain("default-src 'none'");
});

test("pages and API responses carry the security headers", async ({ request }) => {
  const pageResponse = await request.get("/incidents");
  const pageHeaders = pageResponse.headers();
  const csp = pageHeaders["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  for (const directive of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const html = await pageResponse.text();
  // Every script Next.js wrote carries this response's nonce.
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const again = (await request.get("/incidents")).headers()["content-security-policy"];
  expect(again).not.toContain(nonce);
  for (const headers of [pageHeaders, (await request.get("/api/v1/health")).headers()]) {
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["strict-transport-security"]).toBeUndefined();
  }
  const https = await request.get("/incidents", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toContain("max-age=");
  const apiHttps = await request.get("/api/v1/health", { headers: { "x-forwarded-proto": "https" } });
  expect(apiHttps.headers()["strict-transport-security"]).toContain("max-age=");
});
