import { expect, test } from "@playwright/test";
import { saveScreenshot, waitForDiagrams, watchPageErrors } from "./support/seed";

const HYPOTHESIS = "Connection pool exhausted";
const EVIDENCE = "Pool metrics flat at 20% use";
const NOTE = "pool never above 20%";

test("create an incident, refute a hypothesis with linked evidence, see it on the board, graph and export", async ({ page, request }) => {
  const title = `Checkout latency after deploy ${Date.now().toString(36)}`;
  const pageErrors = watchPageErrors(page);

  // Create through the form; the slug follows the title.
  await page.goto("/incidents/new");
  await page.getByTestId("incident-title").fill(title);
  const slug = await page.getByTestId("incident-slug").inputValue();
  expect(slug).toMatch(/^checkout-latency-after-deploy-/);
  await page.getByTestId("incident-timezone").fill("Europe/Berlin");
  await page.getByTestId("incident-detectedAt").fill("2024-10-20T11:30");
  await page.getByTestId("incident-services").fill("checkout, payments-db");
  await page.getByTestId("incident-tags").fill("latency, deploy");
  await page.getByTestId("incident-save").click();
  await page.waitForURL(`**/incidents/${slug}`);
  await expect(page.getByTestId("incident-title")).toHaveText(title);
  await expect(page.getByTestId("incident-page")).toContainText("2024-10-20 11:30");

  // Timeline: an observation, a hypothesis, and next-day evidence (relative times resolved by the API).
  const addEntry = async (kind: string, at: string, entryTitle: string, body = "") => {
    const form = page.getByTestId("add-entry-form");
    await form.getByTestId("add-entry-kind").selectOption(kind);
    await form.getByTestId("add-entry-at").fill(at);
    await form.getByTestId("add-entry-title").fill(entryTitle);
    await form.getByTestId("add-entry-body").fill(body);
    await form.getByTestId("add-entry-submit").click();
    await expect(page.getByTestId("timeline-entry").filter({ hasText: entryTitle })).toBeVisible();
    await expect(form.getByTestId("add-entry-title")).toHaveValue("");
  };
  await addEntry("observation", "11:30", "p99 checkout latency alarm", "p99 went from 180 ms to **2.4 s**.");
  await addEntry("hypothesis", "11:45", HYPOTHESIS);
  await addEntry("evidence", "day 2 09:10", EVIDENCE, "Grafana: active connections ≤ 20 of 100 all night.");

  await expect(page.getByTestId("timeline-day").nth(1).locator(".day-heading")).toHaveText("Day 2 · 2024-10-21");
  const hypothesisKey = await page.getByTestId("timeline-entry").filter({ hasText: HYPOTHESIS }).getAttribute("data-entry-key");
  const evidenceKey = await page.getByTestId("timeline-entry").filter({ hasText: EVIDENCE }).getAttribute("data-entry-key");
  expect(hypothesisKey).toBeTruthy();
  expect(evidenceKey).toBeTruthy();

  // Before any evidence the hypothesis is open.
  await expect(page.getByTestId("board-column-open").getByTestId("hypothesis-card")).toContainText(HYPOTHESIS);

  // Link: the evidence refutes the hypothesis, with a note.
  const linkForm = page.getByTestId("add-link-form");
  await linkForm.getByTestId("add-link-type").selectOption("refutes");
  await linkForm.getByTestId("add-link-from").selectOption(evidenceKey!);
  await linkForm.getByTestId("add-link-to").selectOption(hypothesisKey!);
  await linkForm.getByTestId("add-link-note").fill(NOTE);
  await linkForm.getByTestId("add-link-submit").click();

  // The board moves it to Refuted, with the reason.
  const refutedCard = page.getByTestId("board-column-refuted").getByTestId("hypothesis-card");
  await expect(refutedCard).toHaveCount(1);
  await expect(refutedCard).toContainText(HYPOTHESIS);
  await expect(refutedCard.getByTestId("hypothesis-reason")).toHaveText(`Refuted by “${EVIDENCE}” (${NOTE})`);
  await expect(refutedCard.getByTestId("evidence-against")).toContainText(EVIDENCE);
  await expect(page.getByTestId("board-column-open").getByTestId("hypothesis-card")).toHaveCount(0);

  // The link shows on both timeline entries.
  const entryLinks = (key: string) => page.locator(`[data-testid="timeline-entry"][data-entry-key="${key}"] [data-testid="entry-link"]`);
  await expect(entryLinks(evidenceKey!)).toHaveText([`refutes → ${HYPOTHESIS}: ${NOTE}×`]);
  await expect(entryLinks(hypothesisKey!)).toHaveText([`refuted by ← ${EVIDENCE}: ${NOTE}×`]);

  // The hypothesis graph is drawn by mermaid in the page, the hypothesis node styled and labelled refuted.
  await waitForDiagrams(page);
  const graph = page.getByTestId("hypothesis-graph");
  await expect(graph).toHaveAttribute("data-diagram-state", "rendered");
  const refutedNode = graph.locator("svg g.node.refuted");
  await expect(refutedNode).toHaveCount(1);
  await expect(refutedNode).toContainText("refuted");
  await expect(graph.locator("svg")).toContainText(EVIDENCE.split(" ")[0]);
  await expect(page.getByTestId("timeline-diagram")).toHaveAttribute("data-diagram-state", "rendered");

  await saveScreenshot(page, "incident-page");

  // The Markdown export carries the graph as a ```mermaid fence.
  const exported = await request.get(`/api/v1/incidents/${slug}/export?format=md`);
  expect(exported.status()).toBe(200);
  const markdown = await exported.text();
  const fences = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((match) => match[1]);
  expect(fences.length).toBeGreaterThan(0);
  // The graph fence: the hypothesis, the refuting arrow, and the refuted status (label and class).
  const graphFence = fences.find((fence) => fence.includes(HYPOTHESIS) && /\|refutes\|/.test(fence));
  expect(graphFence, `a mermaid fence with the hypothesis graph in:\n${markdown}`).toBeTruthy();
  expect(graphFence).toMatch(/^flowchart/);
  expect(graphFence).toMatch(/class \S+ refuted/);

  // The export link on the page points at the same document.
  await expect(page.getByTestId("export-md-link")).toHaveAttribute("href", `/api/v1/incidents/${slug}/export?format=md`);
  expect(pageErrors).toEqual([]);
});
