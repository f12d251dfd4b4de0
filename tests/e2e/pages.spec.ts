import { expect, test } from "@playwright/test";
import { addEntry, createIncident, saveScreenshot, uniqueSlug, waitForDiagrams, watchPageErrors } from "./support/seed";

test("the worked example loaded from content renders with its diagrams", async ({ page }) => {
  const pageErrors = watchPageErrors(page);
  const response = await page.goto("/incidents/redis-slot-migration-leak");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("incident-title")).not.toBeEmpty();
  await expect(page.getByTestId("timeline-entry").first()).toBeVisible();
  await expect(page.getByTestId("hypothesis-card").first()).toBeVisible();
  await waitForDiagrams(page);
  await expect(page.locator('[data-diagram-state="failed"]')).toHaveCount(0);
  await saveScreenshot(page, "worked-example");

  await page.getByTestId("postmortem-link").click();
  await page.waitForURL("**/incidents/redis-slot-migration-leak/postmortem");
  await expect(page.getByTestId("postmortem")).toBeVisible();
  await waitForDiagrams(page);
  await expect(page.locator('[data-diagram-state="failed"]')).toHaveCount(0);
  await saveScreenshot(page, "worked-example-postmortem");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.getByTestId("print-button")).toBeHidden();
  await saveScreenshot(page, "worked-example-postmortem-print");
  expect(pageErrors).toEqual([]);
});

test("the home page lists incidents and the filters narrow the list", async ({ page, request }) => {
  const tag = uniqueSlug("tag");
  const first = await createIncident(request, { slug: uniqueSlug("filter-a"), title: "Filter A", severity: "sev1", tags: [tag] });
  const second = await createIncident(request, { slug: uniqueSlug("filter-b"), title: "Filter B", severity: "sev4", tags: [tag], status: "resolved" });

  await page.goto("/");
  await expect(page).toHaveURL(/\/incidents$/);
  await expect(page.locator(`[data-testid="incident-row"][data-slug="${first.slug}"]`)).toBeVisible();

  await page.getByTestId("filter-tag").fill(tag);
  await page.getByTestId("filter-status").selectOption("resolved");
  await page.getByTestId("filter-apply").click();
  await expect(page).toHaveURL(/status=resolved/);
  await expect(page.getByTestId("incident-row")).toHaveCount(1);
  await expect(page.getByTestId("incident-row")).toHaveAttribute("data-slug", second.slug);

  await page.goto(`/incidents?tag=${tag}&severity=sev2`);
  await expect(page.getByTestId("incident-list-empty")).toContainText("No incident matches");
  await page.goto("/incidents?severity=critical");
  await expect(page.getByTestId("filter-error")).toContainText("severity");
});

test("unknown incidents and lessons get the friendly 404", async ({ page }) => {
  for (const path of ["/incidents/no-such-incident", "/incidents/no-such-incident/postmortem", "/lessons/no-such-lesson"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
  }
});

test("a stale edit says who-changed-it and keeps the typed text; revisions show and restore", async ({ page, request }) => {
  const incident = await createIncident(request, { slug: uniqueSlug("conflict"), title: "Original title", timezone: "UTC" });
  await page.goto(`/incidents/${incident.slug}/edit`);
  await page.getByTestId("author-name").fill("Ada Reviewer");
  await page.getByTestId("incident-title").fill("My careful new title");
  const patched = await request.patch(`/api/v1/incidents/${incident.slug}`, { data: { version: incident.version, severity: "sev2" } });
  expect(patched.status()).toBe(200);

  await page.getByTestId("incident-save").click();
  await expect(page.getByTestId("form-error")).toContainText("Changed by someone else — reload");
  await expect(page.getByTestId("incident-title")).toHaveValue("My careful new title");
  await page.getByTestId("reload-after-conflict").click();
  await expect(page.getByText("Version 2.")).toBeVisible();
  await expect(page.getByTestId("incident-title")).toHaveValue("My careful new title");
  await page.getByTestId("incident-save").click();
  await page.waitForURL(`**/incidents/${incident.slug}`);
  await expect(page.getByTestId("incident-title")).toHaveText("My careful new title");

  // Field errors from the API appear next to the field.
  await page.goto(`/incidents/${incident.slug}/edit`);
  await page.getByTestId("incident-slug").fill("Not A Slug");
  await page.getByTestId("incident-save").click();
  await expect(page.getByTestId("issue-slug")).toContainText("lower-case");

  await page.goto(`/incidents/${incident.slug}/revisions`);
  await expect(page.getByTestId("revision-row")).toHaveCount(3);
  await expect(page.getByTestId("revision-row").first()).toContainText("Ada Reviewer");
  await page.getByTestId("revision-view").first().click();
  await page.waitForURL(/\/revisions\/[^/]+$/);
  await expect(page.locator('[data-testid="field-change"][data-field="title"]')).toContainText("My careful new title");
  await page.goto(`/incidents/${incident.slug}/revisions`);
  await page.getByTestId("revision-view").last().click();
  await page.waitForURL(/\/revisions\/[^/]+$/);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("revision-restore").click();
  await page.waitForURL(`**/incidents/${incident.slug}/revisions`);
  await expect(page.getByTestId("revision-row")).toHaveCount(4);
  await expect(page.getByTestId("incident-title")).toHaveText("Original title");
});

test("entries edit in place; overrides, action items and lessons work from the incident page", async ({ page, request }) => {
  const incident = await createIncident(request, { slug: uniqueSlug("workbench"), title: "Workbench", timezone: "UTC", detectedAt: "2024-05-01T08:00:00Z" });
  const hypothesis = await addEntry(request, incident.slug, { at: "08:10", kind: "hypothesis", title: "Disk full" });
  await addEntry(request, incident.slug, { at: "08:20", kind: "note", title: "Temporary note" });
  await page.goto(`/incidents/${incident.slug}`);

  // Edit in place: title and time.
  const entry = page.locator(`[data-entry-key="${hypothesis.key}"]`).first();
  await entry.getByTestId("entry-edit").click();
  await entry.getByTestId("entry-edit-title").fill("Disk full on /var");
  await entry.getByTestId("entry-edit-at").fill("08:15");
  await entry.getByTestId("entry-edit-save").click();
  await expect(entry.getByTestId("entry-title")).toHaveText("Disk full on /var");
  await expect(entry.locator(".entry-time")).toHaveText("08:15");

  // Delete with confirmation.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("timeline-entry").filter({ hasText: "Temporary note" }).getByTestId("entry-delete").click();
  await expect(page.getByTestId("timeline-entry").filter({ hasText: "Temporary note" })).toHaveCount(0);

  // Override needs a reason; the card moves and says why.
  const card = page.getByTestId("hypothesis-card").filter({ hasText: "Disk full on /var" });
  await card.getByTestId("override-toggle").click();
  await card.getByTestId("override-status").selectOption("confirmed");
  await expect(card.getByTestId("override-save")).toBeDisabled();
  await card.getByTestId("override-reason").fill("df showed 100% on /var");
  await card.getByTestId("override-save").click();
  const confirmed = page.getByTestId("board-column-confirmed").getByTestId("hypothesis-card");
  await expect(confirmed.getByTestId("hypothesis-reason")).toHaveText("Set to confirmed by hand: df showed 100% on /var");

  // Action items: add, change status, delete.
  await page.getByTestId("action-item-title").fill("Alert at 80% disk use");
  await page.getByTestId("action-item-owner").fill("sre");
  await page.getByTestId("action-item-type").selectOption("detective");
  await page.getByTestId("action-item-submit").click();
  const item = page.getByTestId("action-item").filter({ hasText: "Alert at 80% disk use" });
  await expect(item).toBeVisible();
  await item.getByTestId("action-item-status").selectOption("done");
  await expect(item.getByTestId("action-item-status")).toHaveValue("done");
  await page.reload();
  await expect(item.getByTestId("action-item-status")).toHaveValue("done");
  page.once("dialog", (dialog) => void dialog.accept());
  await item.getByTestId("action-item-delete").click();
  await expect(item).toHaveCount(0);

  // Lessons: add one here, find it under Lessons with where it came from.
  const lessonTitle = `Watch the disks ${Date.now().toString(36)}`;
  await page.getByTestId("lesson-title").fill(lessonTitle);
  await page.getByTestId("lesson-body").fill("Disks fill **slowly**, then all at once.");
  await page.getByTestId("lesson-tags").fill("disk, alerting");
  await page.getByTestId("lesson-submit").click();
  await expect(page.getByTestId("incident-lesson").filter({ hasText: lessonTitle })).toBeVisible();
  await page.getByTestId("nav-lessons").click();
  const lessonCard = page.getByTestId("lesson-card").filter({ hasText: lessonTitle });
  await expect(lessonCard).toContainText("Workbench");
  await lessonCard.getByRole("link", { name: lessonTitle }).click();
  await expect(page.getByTestId("lesson-title")).toHaveText(lessonTitle);
  await expect(page.getByTestId("lesson-body")).toContainText("then all at once");
  await expect(page.getByTestId("lesson-provenance")).toContainText("Workbench");

  // Removing it from the incident (its only source) removes the lesson.
  await page.getByTestId("lesson-provenance").getByRole("link", { name: "Workbench" }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByTestId("incident-lesson").filter({ hasText: lessonTitle }).getByTestId("lesson-remove").click();
  await expect(page.getByTestId("incident-lesson")).toHaveCount(0);
  await page.goto("/lessons");
  await expect(page.getByTestId("lesson-card").filter({ hasText: lessonTitle })).toHaveCount(0);
});

test("attachments upload with a caption and show images inline", async ({ page, request }) => {
  const incident = await createIncident(request, { slug: uniqueSlug("attach"), title: "Attachments", timezone: "UTC" });
  await page.goto(`/incidents/${incident.slug}`);
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  );
  await page.getByTestId("attachment-file").setInputFiles({ name: "graph.png", mimeType: "image/png", buffer: png });
  await page.getByTestId("attachment-caption").fill("Memory graph");
  await page.getByTestId("attachment-submit").click();
  const attachment = page.getByTestId("attachment").filter({ hasText: "Memory graph" });
  await expect(attachment).toBeVisible();
  const image = attachment.locator("img");
  await expect(image).toHaveAttribute("src", new RegExp(`^/api/v1/incidents/${incident.slug}/attachments/`));
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth)).toBe(1);
});
