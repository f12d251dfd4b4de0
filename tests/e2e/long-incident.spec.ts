import { expect, test } from "@playwright/test";
import { addEntry, createIncident, uniqueSlug, watchPageErrors } from "./support/seed";

/**
 * A long incident opens light (the timeline's first and last 20 entries, 8 cards per board column,
 * form choices fetched once shown) and everything stays one link away: links to hidden entries
 * open the full timeline at that entry.
 */
test("a long incident shows its start and end, and every hidden entry stays reachable", async ({ page, request }) => {
  test.setTimeout(180_000);
  const pageErrors = watchPageErrors(page);
  const incident = await createIncident(request, { slug: uniqueSlug("long"), title: "Long incident", timezone: "UTC", detectedAt: "2024-05-01T08:00:00Z" });
  const keys: string[] = [];
  for (let i = 0; i < 70; i++) {
    // Entries 20–29 are hypotheses (hidden in the middle); the last one is evidence refuting the first of them.
    const kind = i >= 20 && i < 30 ? "hypothesis" : i === 69 ? "evidence" : "observation";
    const at = `${String(8 + Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
    keys.push((await addEntry(request, incident.slug, { at, kind, title: `${kind} ${i}`, body: i === 0 ? "first **body**" : "" })).key);
  }
  const link = await request.post(`/api/v1/incidents/${incident.slug}/links`, { data: { from: keys[69], to: keys[20], type: "refutes", note: "not it" } });
  expect(link.status()).toBe(201);

  await page.goto(`/incidents/${incident.slug}`);
  await expect(page.getByTestId("timeline-entry")).toHaveCount(40);
  await expect(page.getByTestId("timeline-show-all")).toHaveText("Show 30 more entries");

  // The page carries bodies rendered; editing fetches the Markdown source and keeps it.
  const first = page.locator(`[data-entry-key="${keys[0]}"]`);
  await expect(first.getByTestId("entry-body").locator("strong")).toHaveText("body");
  await first.getByTestId("entry-edit").click();
  await expect(first.getByTestId("entry-edit-body")).toHaveValue("first **body**");
  await first.getByTestId("entry-edit-title").fill("observation 0, renamed");
  await first.getByTestId("entry-edit-save").click();
  await expect(first.getByTestId("entry-title")).toHaveText("observation 0, renamed");
  await expect(first.getByTestId("entry-body").locator("strong")).toHaveText("body");

  // Board: 9 open hypotheses, 8 shown, the header counts all; the refuted one links to its hidden entry.
  const open = page.getByTestId("board-column-open");
  await expect(open.getByTestId("board-column-count")).toHaveText("9");
  await expect(open.getByTestId("hypothesis-card")).toHaveCount(8);
  await expect(page.getByTestId("board-column-refuted").getByTestId("board-column-count")).toHaveText("1");
  const refutedTitle = page.getByTestId("board-column-refuted").locator("h4 a");
  await expect(refutedTitle).toHaveAttribute("href", `/incidents/${incident.slug}?timeline=all#entry-${keys[20]}`);

  // The forms' entry choices arrive after the page, every entry included.
  await expect(page.getByTestId("add-link-from").locator(`option[value="${keys[69]}"]`)).toHaveCount(1);
  await expect(page.getByTestId("attachment-entry").locator("option")).toHaveCount(71);

  // A link on a shown entry to a hidden one opens the full timeline at that entry.
  await page.locator(`[data-entry-key="${keys[69]}"]`).getByTestId("entry-link").locator("a").click();
  await page.waitForURL(`**/incidents/${incident.slug}?timeline=all#entry-${keys[20]}`);
  await expect(page.getByTestId("timeline-entry")).toHaveCount(70);
  await expect(page.locator(`#entry-${keys[20]}`)).toBeInViewport();

  // Show all cards on request.
  await page.goto(`/incidents/${incident.slug}?board=all`);
  await expect(page.getByTestId("board-column-open").getByTestId("hypothesis-card")).toHaveCount(9);
  await expect(page.getByTestId("board-show-all")).toHaveCount(0);
  await expect(page.getByTestId("timeline-entry")).toHaveCount(40);

  // A link from elsewhere (search results, the CLI) to a hidden entry lands on it too.
  await page.goto(`/incidents/${incident.slug}#entry-${keys[40]}`);
  await page.waitForURL(`**/incidents/${incident.slug}?timeline=all#entry-${keys[40]}`);
  await expect(page.locator(`#entry-${keys[40]}`)).toBeVisible();
  expect(pageErrors).toEqual([]);
});
