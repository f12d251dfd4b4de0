import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { saveScreenshot, uniqueSlug, watchPageErrors } from "./support/seed";

const SEED = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/narrative/redis-slot-migration-leak.zh.txt"), "utf8");
const WORKED_EXAMPLE = "redis-slot-migration-leak";

test("search finds the worked example by Chinese words, filters by facets and works from the keyboard", async ({ page }) => {
  const pageErrors = watchPageErrors(page);
  await page.goto("/incidents");
  await page.getByTestId("nav-search").click();
  await page.waitForURL("**/search");

  await page.getByTestId("search-q").fill("内存泄漏");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/search\?q=/);
  const group = page.locator(`[data-testid="search-group"][data-slug="${WORKED_EXAMPLE}"]`);
  await expect(group).toBeVisible();
  await expect(group.locator("mark").first()).toHaveText(/内存|泄漏/);
  await expect(page.getByTestId("search-summary")).toContainText(/\d+ match(es)? in \d+ incident/);
  await saveScreenshot(page, "search-results");

  // Facets narrow the results and show counts; clicking the active value clears it.
  await page.getByTestId("search-q").fill("memory leak");
  await page.keyboard.press("Enter");
  await page.waitForURL(/q=memory/);
  await expect(page.getByTestId("facet-kind-lesson")).toContainText(/Lessons\s*\d+/);
  await page.getByTestId("facet-kind-lesson").click();
  await page.waitForURL(/kind=lesson/);
  const hits = page.getByTestId("search-hit");
  await expect(hits.first()).toBeVisible();
  for (const type of await hits.evaluateAll((links) => links.map((link) => link.getAttribute("data-type")))) expect(type).toBe("lesson");
  await page.getByTestId("facet-kind-lesson").click();
  await page.waitForURL((url) => !url.search.includes("kind="));

  // Keyboard: ↓ from the box into the results, ↓/↑ between them, Esc back, Enter opens.
  await page.getByTestId("search-q").focus();
  await page.keyboard.press("ArrowDown");
  await expect(hits.nth(0)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(hits.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(hits.nth(0)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("search-q")).toBeFocused();
  await page.locator("h1").click();
  await page.keyboard.press("/");
  await expect(page.getByTestId("search-q")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  const target = await hits.nth(0).getAttribute("href");
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => `${url.pathname}${url.hash}` === target);

  // Runbook steps (from content/runbooks) are found too, shown with their type and linked to the runbook.
  await page.goto(`/search?q=jeprof`);
  await expect(page.getByTestId("facet-kind-runbook-step")).toContainText(/Runbook steps\s*\d+/);
  const step = page.locator('[data-testid="search-hit"][data-type="runbook-step"]').first();
  await expect(step).toContainText("Runbook step");
  expect(await step.getAttribute("href")).toMatch(/^\/runbooks#step-/);

  // Unusable input is explained, not a crash.
  await page.goto(`/search?q=${encodeURIComponent('"*** ((')}`);
  await expect(page.getByTestId("search-error")).toContainText("no letters or digits");
  expect(pageErrors).toEqual([]);
});

test("a pasted Chinese write-up becomes a draft next to its source, is edited and saved, then found and listed as similar", async ({ page }) => {
  const pageErrors = watchPageErrors(page);
  const slug = uniqueSlug("narrative-redis");
  await page.goto("/incidents");
  await page.getByTestId("nav-import").click();
  await page.waitForURL("**/import");

  await page.getByTestId("narrative-text").fill(SEED);
  await page.getByTestId("narrative-day1").fill("2019-12-19");
  await page.getByTestId("narrative-build").click();
  const entries = page.getByTestId("draft-entry");
  await expect(entries).toHaveCount(13);
  await expect(page.getByTestId("narrative-warnings")).toContainText('"18:00" comes after "18:10"');
  await expect(page.getByTestId("narrative-images")).toContainText("11 images kept as placeholders");
  await expect(page.getByTestId("draft-lesson")).toHaveCount(2);
  await expect(entries.nth(8).getByTestId("draft-entry-at")).toHaveValue("2019-12-20 10:00");

  // Selecting a draft entry highlights the lines it came from.
  await entries.nth(0).getByTestId("draft-entry-title").focus();
  await expect(page.locator('[data-testid="narrative-source"] li.active').first()).toContainText("16:30 问题暴露");
  await saveScreenshot(page, "narrative-draft");

  // Edit: slug, tags, one kind and one title; drop the last entry.
  await page.getByTestId("draft-slug").fill(slug);
  await page.getByTestId("draft-tags").fill("memory-leak, redis");
  await entries.nth(0).getByTestId("draft-entry-kind").selectOption("evidence");
  await entries.nth(0).getByTestId("draft-entry-title").fill("问题暴露:内存告警");
  await entries.nth(12).getByTestId("draft-entry-remove").click();
  await expect(entries).toHaveCount(12);
  await page.getByTestId("narrative-save").click();
  await page.waitForURL(`**/incidents/${slug}`);
  await expect(page.getByTestId("timeline-entry")).toHaveCount(12);
  await expect(page.getByTestId("timeline-entry").first()).toContainText("问题暴露:内存告警");

  // The worked example shares tags and wording: it is listed as similar.
  await expect(page.locator(`[data-testid="similar-incident"][data-slug="${WORKED_EXAMPLE}"]`)).toBeVisible();

  expect(pageErrors).toEqual([]);

  // Saving the same slug again is refused with the reason, and the draft stays.
  await page.goto("/import");
  await page.getByTestId("narrative-text").fill("Cache outage\n10:00 Alert fired\n10:30 Fixed the config");
  await page.getByTestId("narrative-build").click();
  await page.getByTestId("draft-slug").fill(slug);
  await page.getByTestId("narrative-save").click();
  await expect(page.getByTestId("narrative-error")).toContainText("already exists");
  await expect(page.getByTestId("draft-entry")).toHaveCount(2);

  await page.goto(`/search?q=${encodeURIComponent("跳跃表")}&kind=entry`);
  await expect(page.locator(`[data-testid="search-group"][data-slug="${slug}"]`)).toBeVisible();
  // The refused save is the only failed request the browser saw.
  expect(pageErrors).toEqual([expect.stringContaining("status of 409")]);
});

test("an uploaded file without times imports as one note entry and says so", async ({ page }) => {
  await page.goto("/import");
  await page.getByTestId("narrative-file").setInputFiles({ name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Slow queries\n\nQueries were slow all afternoon; we added an index.\n") });
  await expect(page.getByTestId("narrative-text")).toHaveValue(/Queries were slow/);
  await page.getByTestId("narrative-build").click();
  await expect(page.getByTestId("draft-entry")).toHaveCount(1);
  await expect(page.getByTestId("draft-entry-kind")).toHaveValue("note");
  await expect(page.getByTestId("narrative-warnings")).toContainText("one note entry");
  await expect(page.getByTestId("draft-title")).toHaveValue("Slow queries");
});
