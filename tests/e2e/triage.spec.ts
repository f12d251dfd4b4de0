import { expect, test } from "@playwright/test";
import { saveScreenshot, waitForDiagrams, watchPageErrors } from "./support/seed";

const WORKED_EXAMPLE = "redis-slot-migration-leak";

test("guided triage of the worked example: edit facts, take a branch, skip a step, resume after reload, entries in the timeline", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto(`/incidents/${WORKED_EXAMPLE}`);
  await page.getByTestId("triage-link").click();
  await page.waitForURL(`**/incidents/${WORKED_EXAMPLE}/triage`);
  await expect(page.getByTestId("triage-status")).toHaveText("Triage not started.");

  // Facts: add where the node runs, so the commands come out ready to paste.
  const facts = page.getByTestId("triage-facts");
  await facts.getByTestId("add-fact").click();
  await facts.getByTestId("fact-name").last().fill("host");
  await facts.getByTestId("fact-value").last().fill("10.20.30.40");
  await facts.getByTestId("triage-facts-save").click();
  await expect(page.getByTestId("triage-facts-saved")).toBeVisible();

  await page.getByTestId("triage-start").click();
  const step = page.getByTestId("triage-current-step");
  await expect(step).toHaveAttribute("data-step-id", "confirm-leak-vs-data-growth");
  await expect(step.getByTestId("triage-command").first()).toContainText("redis-cli -h 10.20.30.40");

  // A branch: used_memory itself is unexplained → straight to client buffers, past fragmentation.
  await page.getByTestId("triage-note").fill("800 MB used for 16,000 keys");
  await page.getByTestId("triage-outcome-unexplained-used-memory").click();
  await expect(step).toHaveAttribute("data-step-id", "client-output-buffers");

  await page.getByTestId("triage-skip-reason").fill("client buffers were checked during the incident call");
  await page.getByTestId("triage-skip").click();
  await expect(step).toHaveAttribute("data-step-id", "replication-backlog");

  await page.getByTestId("triage-outcome-backlog-normal").click();
  await expect(step).toHaveAttribute("data-step-id", "aof-rewrite-buffer");
  await expect(page.getByTestId("triage-record")).toHaveCount(3);

  // Progress is stored: a reload resumes at the same step.
  await page.reload();
  await expect(page.getByTestId("triage-current-step")).toHaveAttribute("data-step-id", "aof-rewrite-buffer");
  await expect(page.getByTestId("triage-record")).toHaveCount(3);
  await expect(page.getByTestId("triage-record").nth(1)).toContainText("skipped: client buffers were checked during the incident call");
  await waitForDiagrams(page);
  await expect(page.getByTestId("triage-flowchart")).toHaveAttribute("data-diagram-state", "rendered");
  await saveScreenshot(page, "triage-worked-example");

  // The recorded steps are timeline entries of the incident.
  await page.getByTestId("triage-record-entry").first().click();
  await page.waitForURL(`**/incidents/${WORKED_EXAMPLE}#entry-*`);
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText('Triage step "Confirm a leak, not data growth": used_memory itself is far above what the keys explain');
  await expect(timeline).toContainText('Triage step "Rule out client output and query buffers" skipped: client buffers were checked during the incident call');
  await expect(timeline).toContainText("Redis leaks memory that no key accounts for");
  expect(errors).toEqual([]);
});
