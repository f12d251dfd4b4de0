import { expect, test } from "@playwright/test";
import { addEntry, createIncident, uniqueSlug, waitForDiagrams } from "./support/seed";

test("a Chinese-titled incident renders its title and original-language summary", async ({ page, request }) => {
  const slug = uniqueSlug("zh-memory-leak");
  const title = "线上问题排查实例分析：Redis 内存泄漏";
  await createIncident(request, {
    slug,
    title,
    titleOriginal: "Redis 集群迁移槽位后内存持续增长",
    originalLanguage: "zh",
    summaryOriginal: "迁移槽位后，**内存**持续增长，重启后恢复。",
    timezone: "Asia/Shanghai",
    detectedAt: "2019-12-19T16:30:00+08:00",
    tags: ["内存泄漏"],
  });
  await addEntry(request, slug, { at: "第二天10:00", kind: "observation", title: "内存占用达到 18 GB" });

  await page.goto(`/incidents/${slug}`);
  await expect(page.getByTestId("incident-title")).toHaveText(title);
  await expect(page.getByTestId("incident-title-original")).toHaveText("Redis 集群迁移槽位后内存持续增长");
  await expect(page.getByTestId("incident-summary-original")).toContainText("迁移槽位后，内存持续增长");
  await expect(page.getByTestId("timeline-entry")).toContainText("内存占用达到 18 GB");
  await expect(page.getByTestId("timeline-day").first().locator(".day-heading")).toHaveText("Day 1 · 2019-12-20");

  // Glyphs really render: the title is as wide as its text, not a row of empty boxes of one width.
  const width = await page.getByTestId("incident-title").evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return range.getBoundingClientRect().width;
  });
  expect(width).toBeGreaterThan(200);

  await page.goto(`/incidents?q=${encodeURIComponent("内存")}`);
  await expect(page.locator(`[data-testid="incident-row"][data-slug="${slug}"]`)).toContainText(title);
});

test("script tags, event handlers and javascript: URLs in an entry body never run", async ({ page, request }) => {
  const slug = uniqueSlug("xss-probe");
  await createIncident(request, { slug, title: "XSS probe", timezone: "UTC", detectedAt: "2024-01-01T10:00:00Z" });
  const body = [
    "Before the probes.",
    "",
    "<script>window.__casebookXss = 'script'; alert('script')</script>",
    "",
    'Inline <img src="x" onerror="window.__casebookXss=\'onerror\'; alert(\'onerror\')"> image.',
    "",
    "[click me](javascript:window.__casebookXss='href';alert('href'))",
    "",
    '<a href="javascript:alert(1)" onclick="window.__casebookXss=\'onclick\'">raw link</a>',
    "",
    "```mermaid",
    '%%{init: {"securityLevel": "loose"}}%%',
    "flowchart LR",
    "  a[Probe] --> b[Target]",
    "  click a call alert('mermaid')",
    "```",
    "",
    "After the probes.",
  ].join("\n");
  await addEntry(request, slug, { at: "10:05", kind: "note", title: "Hostile body", body });
  await createIncident(request, { slug: `${slug}-title`, title: "<img src=x onerror=alert('title')>", timezone: "UTC" });

  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`/incidents/${slug}`);
  const entryBody = page.getByTestId("entry-body");
  await expect(entryBody).toContainText("Before the probes.");
  await expect(entryBody).toContainText("After the probes.");
  await waitForDiagrams(page);

  // Nothing executable reached the DOM.
  await expect(entryBody.locator("script")).toHaveCount(0);
  await expect(entryBody.locator("[onerror], [onclick], [onload]")).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);

  // Clicking the defused links and the diagram does nothing.
  await entryBody.getByText("click me").click();
  await entryBody.locator(".diagram svg").first().click({ force: true });
  await page.waitForTimeout(500);
  const xssFlag = () => page.evaluate(() => (window as unknown as { __casebookXss?: string }).__casebookXss);
  expect(await xssFlag()).toBeUndefined();

  // A hostile incident title is shown as text in the list.
  await page.goto("/incidents");
  await expect(page.locator(`[data-testid="incident-row"][data-slug="${slug}-title"]`)).toContainText("<img src=x onerror=alert('title')>");
  await page.waitForTimeout(500);
  expect(await xssFlag()).toBeUndefined();
  expect(dialogs).toEqual([]);
});
