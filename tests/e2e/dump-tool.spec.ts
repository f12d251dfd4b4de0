import { expect, test } from "@playwright/test";
import { saveScreenshot, watchPageErrors } from "./support/seed";

const WORKED_EXAMPLE = "redis-slot-migration-leak";
const BASE = 0x7f1200000000;
const LEAKED = 24;

/** 24 leaked 84-byte keys (`54 54 01` + key + NUL) back to back at stride 96, as `hexdump -C` prints them. */
function leakHexdump(): string {
  const bytes = new Uint8Array(LEAKED * 96 + 64);
  for (let n = 0; n < LEAKED; n++) {
    const key = `migrating:slot:${String(n).padStart(5, "0")}:user:${String(1000 + n)}:profile:`.padEnd(84, "p");
    bytes.set([84, 84, 1], n * 96);
    bytes.set(new TextEncoder().encode(key), n * 96 + 3);
  }
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = [...bytes.subarray(offset, offset + 16)];
    const hex = row.map((byte) => byte.toString(16).padStart(2, "0"));
    const ascii = row.map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".")).join("");
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex.slice(0, 8).join(" ")}  ${hex.slice(8).join(" ")}  |${ascii}|`);
  }
  lines.push("this line is not part of the dump");
  return `${lines.join("\n")}\n`;
}

test("paste a hexdump, read the report and file it on the worked example", async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto("/tools");
  await page.getByRole("link", { name: "Memory dump analyzer" }).click();
  await page.waitForURL("**/tools/dump");

  // Prose is refused with one line; no report appears.
  await page.getByTestId("dump-hexdump").fill("just some words\nnothing like a hexdump\n");
  await page.getByTestId("dump-submit").click();
  await expect(page.getByTestId("dump-error")).toContainText("hexdump");
  await expect(page.getByTestId("dump-result")).toHaveCount(0);

  await page.getByTestId("dump-hexdump").fill(leakHexdump());
  await page.getByTestId("dump-base").fill(`0x${BASE.toString(16)}`);
  await page.getByTestId("dump-slots").fill("0-5460");
  await page.getByTestId("dump-dbsize").fill("3");
  await page.getByTestId("dump-submit").click();

  const report = page.getByTestId("dump-report");
  await expect(report).toBeVisible();
  await expect(page.getByTestId("dump-verdict-summary")).toContainText(`${LEAKED} key-like strings vs 3 keys`);
  await expect(page.getByTestId("dump-input")).toContainText("1 unreadable");
  await expect(page.getByTestId("dump-signatures").locator("tbody tr").first()).toContainText("sdshdr8");
  await expect(page.getByTestId("dump-signatures").locator("tbody tr").first()).toContainText("54 54 01");
  await expect(page.getByTestId("dump-runs-summary")).toContainText(`1 run of ≥ 8 same-signature strings at a constant stride, holding ${LEAKED} strings (100 %)`);
  await expect(page.getByTestId("dump-runs").locator("tbody tr").first()).toContainText(`0x${BASE.toString(16)}`);
  await expect(page.getByTestId("dump-runs").locator("tbody tr").first()).toContainText("96");
  await expect(page.getByTestId("dump-patterns")).toContainText("migrating:slot:{n}:user:{n}:profile:");
  await expect(page.getByTestId("dump-ownership")).toContainText("owns 5461 slots");
  await expect(page.getByTestId("dump-signature-chart").locator("rect")).toHaveCount(1);
  await expect(page.getByTestId("dump-layout-chart").locator("rect")).toHaveCount(1);
  await saveScreenshot(page, "tools-dump");

  await page.getByTestId("attach-incident").selectOption(WORKED_EXAMPLE);
  await page.getByTestId("attach-title").fill("Hexdump of the leaking replica");
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
  await expect(entry.getByTestId("entry-title")).toHaveText("Hexdump of the leaking replica");
  await expect(entry.getByTestId("entry-body")).toContainText("Top header signatures");
  await expect(entry.getByTestId("entry-body")).toContainText(`${LEAKED} key-like strings vs 3 keys`);
  await expect(page.locator("#attachments")).toContainText("dump-report.json");
  // The refused paste shows up as a failed request in the console; nothing else may.
  expect(errors.filter((error) => !error.includes("Failed to load resource"))).toEqual([]);
});

test("a dump over the upload limit gets the CLI command to run instead, with the options chosen", async ({ page }) => {
  await page.goto("/tools/dump");
  await page.getByTestId("mode-upload").click();
  await page.getByTestId("dump-min-len").fill("8");
  await page.getByTestId("dump-slots").fill("0-5460, 10923");
  await page.getByTestId("dump-file").setInputFiles({ name: "core.1234", mimeType: "application/octet-stream", buffer: Buffer.alloc(33 * 1024 * 1024) });
  await expect(page.getByTestId("dump-too-large")).toContainText("over the 32 MB upload limit");
  await expect(page.getByTestId("dump-cli-command")).toHaveText(/^casebook dump analyze core\.1234 --min-len 8 --slots 0-5460,10923 --attach SLUG --server http:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId("dump-submit")).toBeDisabled();
});
