import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** A slug no earlier run used (each run starts with a fresh database, but tests may repeat). */
export function uniqueSlug(base: string): string {
  return `${base}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export async function createIncident(request: APIRequestContext, body: Record<string, unknown>) {
  const response = await request.post("/api/v1/incidents", { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { slug: string; version: number; title: string };
}

export async function addEntry(request: APIRequestContext, slug: string, body: Record<string, unknown>) {
  const response = await request.post(`/api/v1/incidents/${slug}/entries`, { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { key: string; version: number };
}

/** Waits until every mermaid diagram on the page has been drawn (or failed, which the caller checks). */
export async function waitForDiagrams(page: Page) {
  await expect(page.locator('[data-diagram-state="pending"]')).toHaveCount(0, { timeout: 30_000 });
}

/** Full-page screenshot into test-results/screenshots/ (kept after the run for a look at the design). */
export async function saveScreenshot(page: Page, name: string) {
  // Sticky elements (the section bar) are drawn where the viewport is; start from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** Collects uncaught page errors and console errors (hydration mismatches, failed loads) for an assertion. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}
