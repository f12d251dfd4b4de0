import { defineConfig } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Chromium e2e against the production server (`node scripts/start.mjs`: build if needed, migrate,
 * load the example content, serve) on a free port with a fresh SQLite file under .tmp/e2e/.
 * Worker processes load this file again; the port travels to them through the environment.
 */
function freePort(): number {
  const script = "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}

if (!process.env.CASEBOOK_E2E_PORT) {
  process.env.CASEBOOK_E2E_PORT = String(freePort());
  const databaseFile = path.resolve(".tmp/e2e", `casebook-${process.env.CASEBOOK_E2E_PORT}.db`);
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
  process.env.CASEBOOK_E2E_DATABASE_URL = `file:${databaseFile}`;
}
const port = process.env.CASEBOOK_E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  // Playwright empties outputDir when a run starts; one folder per run keeps concurrent runs (several
  // people share this tree) from deleting each other's traces. Screenshots go to test-results/screenshots/.
  outputDir: `test-results/runs/${port}`,
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    url: `${baseURL}/api/v1/health`,
    env: {
      PORT: port!,
      HOST: "127.0.0.1",
      DATABASE_URL: process.env.CASEBOOK_E2E_DATABASE_URL!,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    // The first start may build the app (about a minute on two cores, longer when the machine is busy).
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
