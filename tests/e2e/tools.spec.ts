import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/seed";

const FLIP_DIFF = readFileSync(path.resolve("tests/fixtures/c/ownership/db-flip.diff"), "utf8");
const WORKED_EXAMPLE = "redis-slot-migration-leak";
const EVIDENCE_TITLE = "Diff review: 1 finding — getKeysInSlot (ownership-change)";

test("review the ownership-flip diff, file it on the worked example and find the evidence entry there", async ({ page }) => {
  await page.goto("/incidents");
  await page.getByTestId("nav-tools").click();
  await page.waitForURL("**/tools");
  await expect(page.getByTestId("tool-card")).toContainText(["Backport scanner", "Diff review by feature"]);
  await page.getByRole("link", { name: "Diff review by feature" }).click();
  await page.waitForURL("**/tools/diff-review");

  // A paste that is not a diff is refused with the line that failed.
  await page.getByTestId("diff-text").fill("not a diff at all\n");
  await page.getByTestId("diff-review-submit").click();
  await expect(page.getByTestId("diff-review-error")).toHaveText(/^diff line 1: no file header found/);
  await expect(page.getByTestId("diff-review-result")).toHaveCount(0);

  await page.getByTestId("diff-text").fill(FLIP_DIFF);
  await page.getByTestId("diff-review-submit").click();
  const finding = page.getByTestId("finding");
  await expect(finding).toHaveCount(1);
  await expect(finding.getByTestId("finding-message")).toHaveText(
    "getKeysInSlot (src/db.c:37) now hands owned objects out through keys[] elements (createStringObject at src/db.c:42); callers could not be checked without a repository",
  );
  await expect(page.getByTestId("callers-not-checked")).toBeVisible();
  await expect(page.getByTestId("walk-step").first()).toContainText("getKeysInSlot");
  await expect(page.getByTestId("feature-file")).toContainText(["src/db.c"]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-markdown").click()]);
  expect(download.suggestedFilename()).toBe("diff-review.md");
  expect(readFileSync((await download.path())!, "utf8")).toMatch(/^# Diff review by feature\n[^]*^### Ownership change: `getKeysInSlot`/m);
  expect(readFileSync((await download.path())!, "utf8")).toContain("[allocation cohesion](http://127.0.0.1:");
  await saveScreenshot(page, "tools-diff-review");

  await page.getByTestId("attach-incident").selectOption(WORKED_EXAMPLE);
  await page.getByTestId("attach-submit").click();
  const entryLink = page.getByTestId("attached-entry-link");
  await expect(entryLink).toBeVisible();
  const href = await entryLink.getAttribute("href");
  expect(href).toMatch(new RegExp(`^/incidents/${WORKED_EXAMPLE}#entry-[\\w-]+$`));
  const entryKey = href!.split("#entry-")[1];

  await entryLink.click();
  await page.waitForURL(`**/incidents/${WORKED_EXAMPLE}#entry-${entryKey}`);
  const entry = page.locator(`[data-testid="timeline-entry"][data-entry-key="${entryKey}"]`);
  await expect(entry).toHaveAttribute("data-kind", "evidence");
  await expect(entry.getByTestId("entry-title")).toHaveText(EVIDENCE_TITLE);
  await expect(entry.getByTestId("entry-body")).toContainText("Ownership change: getKeysInSlot");
  await expect(entry.locator(".entry-attachments")).toContainText(EVIDENCE_TITLE);
  await expect(page.locator("#attachments")).toContainText("diff-review.json");
});

test("classify a pasted git log on the backport scanner page", async ({ page }) => {
  await page.goto("/tools/backports");
  await page.getByTestId("mode-log").click();
  await page.getByTestId("backports-log").fill(
    [
      "a1b2c3d4e5 (tag: 3.2.10) Memory leak in clusterRedirectBlockedClientIfNeeded.",
      "b2c3d4e5f6 (tag: 3.2.9) Fix fd leak in anetUnixGenericConnect()",
      "c3d4e5f6a7 Fix use-after-free in freeClient()",
      "d4e5f6a7b8 Update the tutorial",
    ].join("\n"),
  );
  await page.getByTestId("backports-submit").click();
  const rows = page.getByTestId("pasted-fix");
  await expect(rows).toHaveCount(3);
  await expect(rows.getByTestId("fix-kind")).toHaveText(["memory leak", "fd leak", "use after free"]);
  await expect(rows.nth(2)).toContainText("3.2.9");
  await expect(page.getByTestId("attach-form")).toBeVisible();
});
