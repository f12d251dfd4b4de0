import { expect, test, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";

/**
 * Accounts end to end, on a server of its own with an empty database (the shared e2e server must
 * stay in single-user mode for the other specs): first admin on /setup → second user → restricted
 * incident → the second user cannot find it in the list, in search or by URL → sign-out.
 */
test.describe.configure({ mode: "serial" });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** SSO is on for this server, trusting a proxy address that never connects (TEST-NET-1). */
const SSO_PROXY = "192.0.2.250";

let server: ChildProcess;
let base: string;
let serverLog = "";

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const databaseFile = path.resolve(".tmp/e2e", `auth-${port}.db`);
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`${databaseFile}${suffix}`, { force: true });
  server = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${databaseFile}`, NEXT_TELEMETRY_DISABLED: "1", CASEBOOK_TRUSTED_PROXIES: SSO_PROXY },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  server.stdout?.on("data", (chunk) => (serverLog += chunk));
  server.stderr?.on("data", (chunk) => (serverLog += chunk));
  const deadline = Date.now() + 570_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the auth test server did not start:\n${serverLog.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

test.afterAll(() => {
  // start.mjs runs next in the same process group: end both.
  if (!server?.pid) return;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("user-menu")).toBeVisible();
}

test("first admin, restricted incident, and a second user who cannot see it", async ({ page }) => {
  await page.goto(`${base}/incidents`);
  await expect(page.getByTestId("single-user-banner")).toContainText("Single-user mode");

  await page.goto(`${base}/setup`);
  await page.getByTestId("setup-email").fill("admin@example.com");
  await page.getByTestId("setup-name").fill("Ada Admin");
  await page.getByTestId("setup-password").fill("admin password 1");
  await page.getByTestId("setup-submit").click();
  await expect(page).toHaveURL(/\/incidents$/);
  await expect(page.getByTestId("user-menu-account")).toHaveText("Ada Admin");
  await expect(page.getByTestId("single-user-banner")).toHaveCount(0);

  await page.goto(`${base}/admin/users`);
  await page.getByTestId("add-user-email").fill("bob@example.com");
  await page.getByTestId("add-user-name").fill("Bob Viewer");
  await page.getByTestId("add-user-password").fill("bob password 12");
  await page.getByTestId("add-user-submit").click();
  await expect(page.locator('[data-testid="user-row"][data-email="bob@example.com"]')).toBeVisible();

  const created = await page.request.post(`${base}/api/v1/incidents`, {
    headers: { origin: base },
    data: { slug: "payroll-export-leak", title: "Payroll export leak zanzibar", timezone: "UTC", detectedAt: "2024-05-01T09:00:00Z" },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto(`${base}/incidents/payroll-export-leak/edit`);
  await page.getByTestId("incident-restricted").check();
  await page.getByTestId("incident-access-save").click();
  await expect(page.getByTestId("incident-restricted")).toBeChecked();
  await page.goto(`${base}/search?q=zanzibar`);
  await expect(page.locator('[data-testid="search-group"][data-slug="payroll-export-leak"]')).toBeVisible();

  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${base}/incidents`);
  await expect(page).toHaveURL(/\/login\?next=%2Fincidents/);

  await signIn(page, "bob@example.com", "bob password 12");
  await page.goto(`${base}/incidents`);
  await expect(page.getByTestId("incident-row").first()).toBeVisible();
  await expect(page.locator('[data-testid="incident-row"][data-slug="payroll-export-leak"]')).toHaveCount(0);
  await page.goto(`${base}/search?q=zanzibar`);
  await expect(page.getByTestId("search-empty")).toBeVisible();
  const direct = await page.goto(`${base}/incidents/payroll-export-leak`);
  expect(direct?.status()).toBe(404);
  const api = await page.request.get(`${base}/api/v1/incidents/payroll-export-leak`);
  expect(api.status()).toBe(404);

  await page.goto(`${base}/incidents`);
  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get(`${base}/api/v1/incidents`)).status()).toBe(401);

  await page.getByTestId("login-email").fill("bob@example.com");
  await page.getByTestId("login-password").fill("wrong password 1");
  await page.getByTestId("login-submit").click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
});

test("SSO: a direct request forging the proxy's address in X-Forwarded-For (or X-Casebook-Peer) is not signed in", async () => {
  // Runs after the first test created admin@example.com, so sign-in is required.
  const forgeries: Array<Record<string, string>> = [{ "x-forwarded-for": SSO_PROXY }, { "x-forwarded-for": `203.0.113.9, ${SSO_PROXY}` }, { "x-casebook-peer": SSO_PROXY, "x-forwarded-for": SSO_PROXY }];
  for (const forged of forgeries) {
    const response = await fetch(`${base}/api/v1/incidents`, { headers: { ...forged, "x-forwarded-user": "admin@example.com" } });
    expect(response.status, JSON.stringify(forged)).toBe(401);
  }
});
