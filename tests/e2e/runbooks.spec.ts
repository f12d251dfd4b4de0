import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { saveScreenshot, waitForDiagrams, watchPageErrors } from "./support/seed";

const WORKED_EXAMPLE = "redis-slot-migration-leak";

test("generate the worked example's runbook, read why steps are in or out, and download it for Runme", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto("/incidents");
  await page.getByTestId("nav-runbooks").click();
  await page.waitForURL("**/runbooks");
  await expect(page.getByTestId("runbook-empty")).toBeVisible();

  await page.getByTestId("runbook-incident").selectOption(WORKED_EXAMPLE);
  await page.getByTestId("runbook-incident-submit").click();
  await page.waitForURL(`**/runbooks?incident=${WORKED_EXAMPLE}`);
  await expect(page.getByTestId("runbook-step")).toHaveCount(19);
  await expect(page.locator('[data-step-id="check-slot-ownership"]').getByTestId("runbook-why")).toHaveText(
    "Why: Included because system is redis, cluster is true and events include slot-migration and failover.",
  );
  await expect(page.getByTestId("runbook-excluded")).toContainText("MEMORY DOCTOR unavailable: 3.2.8 < 4.0");
  await expect(page.getByTestId("runbook-excluded")).toContainText("jeprof unavailable: jemalloc built without profiling (--enable-prof)");
  await expect(page.getByTestId("tool-jeprof")).toContainText("unavailable");
  await waitForDiagrams(page);
  const flowchart = page.getByTestId("runbook-flowchart");
  await expect(flowchart).toHaveAttribute("data-diagram-state", "rendered");
  // Entity codes from the label escaping are drawn as the characters they stand for.
  await expect(flowchart).toContainText("used_memory");
  await expect(flowchart).not.toContainText("&#");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("runbook-download-md").click()]);
  expect(download.suggestedFilename()).toBe("memory-leak-runbook.md");
  const markdown = readFileSync((await download.path())!, "utf8");
  expect(markdown).toContain('```sh {"id":"take-memory-dump-gcore","name":"take-memory-dump-gcore","excludeFromRunAll":"true"}');
  await saveScreenshot(page, "runbook-worked-example");
  expect(errors).toEqual([]);
});

test("generate from typed facts: a Redis 7 build with profiling gets MEMORY DOCTOR and jeprof", async ({ page }) => {
  await page.goto("/runbooks");
  await page.getByTestId("fact-system").fill("redis");
  await page.getByTestId("fact-version").fill("7.0.15");
  await page.getByTestId("fact-allocator").fill("jemalloc");
  await page.getByTestId("fact-allocatorProfiling").selectOption("true");
  await page.getByTestId("runbook-generate").click();
  await expect(page.locator('[data-step-id="memory-doctor"]')).toBeVisible();
  await expect(page.locator('[data-step-id="jemalloc-heap-profile"]')).toBeVisible();
  await expect(page.getByTestId("runbook-excluded")).toContainText("not applicable: 7.0.15 >= 7.0");
  await expect(page.getByTestId("runbook-warnings")).toContainText("os not recorded; assumed linux");
});

test("find the trigger window of the example, then open the runbook with the facts it suggests", async ({ page }) => {
  await page.goto("/tools/trigger-window");
  await page.getByTestId("trigger-metrics").fill("yesterday,lots\nnever,more");
  await page.getByTestId("trigger-submit").click();
  // The first line reads as a header; the second is the first that fails.
  await expect(page.getByTestId("trigger-error")).toContainText('no line of the metrics could be read (line 2: "never" is not a timestamp');

  // From here on nothing may fail (the 400 above is the browser's log of the refused input).
  const errors = watchPageErrors(page);
  await page.getByTestId("trigger-example").click();
  await page.getByTestId("trigger-submit").click();
  const result = page.getByTestId("trigger-result");
  await expect(result).toHaveAttribute("data-kind", "step-growth");
  await expect(page.getByTestId("trigger-changes")).toContainText("[slot-migration] manager: scale-out slot migration started");
  await expect(page.getByTestId("trigger-chart").locator("svg")).toBeVisible();
  await expect(page.getByTestId("trigger-suggested-facts")).toContainText("symptoms: step-growth");
  await saveScreenshot(page, "tools-trigger-window");

  await page.getByRole("link", { name: "Open the runbook with these facts" }).click();
  await page.waitForURL("**/runbooks?**");
  await expect(page.getByTestId("runbook-facts")).toBeVisible();
  await expect(page.getByTestId("runbook-step").first()).toBeVisible();
  expect(errors).toEqual([]);
});
