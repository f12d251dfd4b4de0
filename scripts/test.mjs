#!/usr/bin/env node
// `npm test`: lint, type-check, content check, unit + integration tests (SQLite and PostgreSQL),
// then the Chromium end-to-end journeys. Ends with one "N passed, N failed" line.
//   --skip-e2e   leave out the browser tests      --only unit|integration|e2e   run one layer
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
const skipE2e = args.includes("--skip-e2e");
const resultsDir = path.join(root, ".tmp", "test-results");
fs.mkdirSync(resultsDir, { recursive: true });
const env = { ...process.env, CASEBOOK_ROOT: root, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const failures = [];
let passed = 0;
let failed = 0;

/** Steps that are not test runners (lint, tsc, content check) count as one failed test each. */
function step(label, command, commandArgs, extraEnv = {}, countsAsTest = true) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, commandArgs, { cwd: root, env: { ...env, ...extraEnv }, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    console.log(`✔ ${label} (${seconds} s)`);
    return true;
  }
  console.log(`✘ ${label} failed (exit ${result.status ?? result.signal}, ${seconds} s)`);
  failures.push(label);
  if (countsAsTest) failed += 1;
  return false;
}

function countVitest(file) {
  try {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
  } catch {
    failed += 1;
  }
}

function countPlaywright(file) {
  try {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    passed += report.stats?.expected ?? 0;
    failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0);
  } catch {
    failed += 1;
  }
}

/** PostgreSQL for the integration tests: CASEBOOK_TEST_PG_URL, or a private cluster on 127.0.0.1. */
function startPostgres() {
  if (env.CASEBOOK_TEST_PG_URL) return true;
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "postgres.mjs"), "start"], { cwd: root, env, encoding: "utf8" });
  const url = result.stdout?.trim().split("\n").at(-1);
  if (result.status === 0 && url?.startsWith("postgres")) {
    env.CASEBOOK_TEST_PG_URL = url;
    console.log(`PostgreSQL for tests: ${url}`);
    return true;
  }
  console.log(result.stdout ?? "", result.stderr ?? "");
  return false;
}

const run = (layer) => !only || only === layer;

// Chromium, CJK fonts, PostgreSQL and git come from Debian; install what is missing (root only).
if (!only || only === "e2e" || only === "integration") {
  step("system packages", "bash", [path.join(root, "scripts", "ensure-system-packages.sh")]);
}

if (!only) {
  step("lint (eslint)", bin("eslint"), ["--max-warnings=0", "."], {}, true);
  step("type-check (tsc)", bin("tsc"), ["--noEmit", "-p", "."]);
  step("content check", process.execPath, [path.join(root, "bin", "casebook.mjs"), "content", "check"]);
}

if (run("unit") || run("integration")) {
  const layers = [run("unit") && "tests/unit", run("integration") && "tests/integration"].filter(Boolean);
  if (run("integration") && !startPostgres()) {
    if (env.CI) {
      failures.push("PostgreSQL could not be started (CI requires it)");
      failed += 1;
    } else {
      console.log("⚠ PostgreSQL is not available here: PostgreSQL integration tests are skipped (CI runs them).");
      env.CASEBOOK_TEST_PG = "skip";
    }
  }
  const report = path.join(resultsDir, "vitest.json");
  fs.rmSync(report, { force: true });
  step("unit + integration tests (vitest)", bin("vitest"), ["run", ...layers, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {}, false);
  countVitest(report);
}

if (run("e2e") && !skipE2e) {
  const report = path.join(resultsDir, "playwright.json");
  fs.rmSync(report, { force: true });
  step("end-to-end tests (Chromium)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: report }, false);
  countPlaywright(report);
}

console.log("");
if (failures.length) console.log(`Failed steps: ${failures.join("; ")}`);
if (failures.length && failed === 0) failed = failures.length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
