import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator } from "@playwright/test";
import { saveScreenshot, uniqueSlug } from "./support/seed";

const codesIn = async (list: Locator) => list.getByTestId("checklist-item").evaluateAll((items) => items.map((item) => item.getAttribute("data-code")));
const taskCodes = (text: string) => [...text.matchAll(/^- \[ \] \*\*([A-Z0-9-]+)\*\*/gm)].map((match) => match[1]);

test("build a checklist: filter by area, add, reorder, preview, save, and export the GitHub template", async ({ page, request, baseURL }) => {
  await page.goto("/incidents");
  await page.getByTestId("nav-checklists").click();
  await page.waitForURL("**/checklists");

  // Filtering by the memory area leaves the items of the two memory lessons.
  await page.getByTestId("filter-areas-memory").click();
  await expect(page.getByTestId("filter-areas-memory")).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => codesIn(page.getByTestId("builder-library"))).toEqual(["MEM-OWN-01", "MEM-OWN-02", "MEM-OWN-03", "TST-LEAK-01", "TST-LEAK-02"]);
  await expect(page.getByTestId("builder-shown-count")).toContainText("5 of 14 items for areas memory");
  const provenance = page.getByTestId("builder-library").getByTestId("checklist-item").first().getByTestId("item-provenance");
  await expect(provenance).toContainText("Keep allocation and release together");
  await expect(provenance).toContainText("Redis memory leak after slot migration");

  for (const code of ["MEM-OWN-01", "MEM-OWN-03", "TST-LEAK-01"]) await page.getByTestId(`add-${code}`).click();
  await expect(page.getByTestId("add-MEM-OWN-01")).toHaveText("Added");
  await expect.poll(() => codesIn(page.getByTestId("builder-selection"))).toEqual(["MEM-OWN-01", "MEM-OWN-03", "TST-LEAK-01"]);
  await page.getByTestId("move-up-TST-LEAK-01").click();
  await expect.poll(() => codesIn(page.getByTestId("builder-selection"))).toEqual(["MEM-OWN-01", "TST-LEAK-01", "MEM-OWN-03"]);
  await page.getByTestId("move-down-MEM-OWN-01").click();
  await expect.poll(() => codesIn(page.getByTestId("builder-selection"))).toEqual(["TST-LEAK-01", "MEM-OWN-01", "MEM-OWN-03"]);

  // The preview follows the order; every format renders.
  const preview = page.getByTestId("export-preview-text");
  await expect.poll(async () => taskCodes(await preview.innerText())).toEqual(["TST-LEAK-01", "MEM-OWN-01", "MEM-OWN-03"]);
  await page.getByTestId("preview-format-csv").click();
  await expect(preview).toContainText("id,severity,question,why,lesson,lesson_url");
  await page.getByTestId("preview-format-github").click();
  await saveScreenshot(page, "checklist-builder");

  const name = uniqueSlug("memory-review");
  await page.getByTestId("checklist-name").fill(name);
  await page.getByTestId("checklist-title").fill("Memory review");
  await page.getByTestId("checklist-save").click();
  await page.waitForURL(`**/checklists/${name}`);
  await expect(page.getByTestId("checklist-heading")).toHaveText("Memory review");
  await expect.poll(() => codesIn(page.getByTestId("checklist-items"))).toEqual(["TST-LEAK-01", "MEM-OWN-01", "MEM-OWN-03"]);

  // The GitHub template: a task list in the saved order, each line linking to its lesson.
  const template = await page.getByTestId("export-preview-text").innerText();
  expect(taskCodes(template)).toEqual(["TST-LEAK-01", "MEM-OWN-01", "MEM-OWN-03"]);
  expect(template).toContain(`](${baseURL}/lessons/allocation-release-cohesion#MEM-OWN-01)`);
  await expect(page.getByTestId("checklist-exports").getByRole("link")).toHaveText(["GitHub PR template", "GitLab MR template", "Markdown", "JSON", "CSV"]);
  const href = await page.getByTestId("export-link-github").getAttribute("href");
  const exported = await request.get(href!);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-disposition"]).toBe('attachment; filename="pull_request_template.md"');
  expect(taskCodes(await exported.text())).toEqual(["TST-LEAK-01", "MEM-OWN-01", "MEM-OWN-03"]);
  await saveScreenshot(page, "checklist-saved");

  // Saving the same name again is refused with the reason.
  await page.goto("/checklists");
  await page.getByTestId("add-REV-FEAT-01").click();
  await page.getByTestId("checklist-name").fill(name);
  await page.getByTestId("checklist-title").fill("Duplicate");
  await page.getByTestId("checklist-save").click();
  await expect(page.getByTestId("checklist-save-error")).toContainText(`a checklist named "${name}" already exists`);
});

test("provenance: an item leads to its lesson, the lesson to its incident and recurrence, the incident back to its items", async ({ page }) => {
  await page.goto("/lessons/allocation-release-cohesion#MEM-OWN-02");
  const item = page.locator("#MEM-OWN-02");
  await expect(item).toContainText("who frees what");
  await expect(item.getByTestId("item-provenance")).toContainText("learnt from Redis memory leak after slot migration");
  await expect(page.getByTestId("lesson-recurrence")).toContainText("No later incident with the same tags or mechanism since 2019-10-20");
  await saveScreenshot(page, "lesson-checklist");

  await page.getByTestId("lesson-provenance").getByRole("link", { name: /Redis memory leak/ }).click();
  await page.waitForURL("**/incidents/redis-slot-migration-leak");
  const codes = page.getByTestId("incident-lesson").filter({ hasText: "Keep allocation and release together" }).getByTestId("lesson-item-codes");
  await expect(codes).toHaveText("Review checklist: MEM-OWN-01, MEM-OWN-02, MEM-OWN-03");
  await codes.getByRole("link", { name: "MEM-OWN-03" }).click();
  await page.waitForURL("**/lessons/allocation-release-cohesion#MEM-OWN-03");
});

test("an unknown checklist gets the friendly 404, and the export API names the valid tags", async ({ page, request }) => {
  const response = await page.goto("/checklists/no-such-checklist");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  const unknownTag = await request.get("/api/v1/checklists/export?tags=memroy&format=github");
  expect(unknownTag.status()).toBe(404);
  expect(((await unknownTag.json()) as { error: string }).error).toMatch(/^unknown tag "memroy"; valid tags: .*\bmemory\b/);
});

test("checklist for a change: a pasted diff gets the ownership finding first, then the items it calls for", async ({ page }) => {
  await page.goto("/checklists");
  await page.getByRole("link", { name: "checklist for a change" }).click();
  await page.waitForURL("**/checklists/for-diff");

  await page.getByTestId("for-diff-text").fill("not a diff at all\n");
  await page.getByTestId("for-diff-submit").click();
  await expect(page.getByTestId("for-diff-error")).toHaveText(/^diff line 1: no file header found/);

  await page.getByTestId("for-diff-file").setInputFiles(path.resolve("tests/fixtures/c/ownership/db-flip.diff"));
  await expect(page.getByTestId("for-diff-text")).toHaveValue(readFileSync(path.resolve("tests/fixtures/c/ownership/db-flip.diff"), "utf8"));
  await page.getByTestId("for-diff-submit").click();
  await expect(page.getByTestId("for-diff-finding")).toHaveCount(1);
  await expect(page.getByTestId("for-diff-finding")).toContainText("Ownership change in getKeysInSlot");
  const codes = await codesIn(page.getByTestId("for-diff-items"));
  expect(codes[0]).toBe("BKP-CTR-01");
  expect(codes).toEqual(expect.arrayContaining(["MEM-OWN-01", "REV-FEAT-01"]));
  expect(codes).not.toContain("OBS-PROF-01");
  await expect(page.getByTestId("for-diff-items").locator('[data-code="MEM-OWN-01"]')).toContainText("zmalloc( in src/db.c:15");
  await saveScreenshot(page, "checklist-for-diff");
});
