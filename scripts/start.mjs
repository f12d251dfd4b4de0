#!/usr/bin/env node
// `npm start`: build when sources are newer than the last build, apply migrations, load the example
// content into an empty database, then serve on HOST:PORT (default 127.0.0.1:3000) with scripts/serve.mjs.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dev = process.argv.includes("--dev");
const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
const env = { ...process.env, CASEBOOK_ROOT: root, NEXT_TELEMETRY_DISABLED: "1" };

function run(command, args, label) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`casebook start: ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

const SOURCE_DIRS = ["app", "lib", "public"];
const SOURCE_FILES = ["next.config.mjs", "proxy.ts", "package.json", "tsconfig.json", "prisma/schema.prisma"];

function newestSourceTime() {
  let newest = 0;
  const visit = (target) => {
    let stat;
    try {
      stat = fs.statSync(target);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(target)) if (name !== "node_modules" && name !== "generated") visit(path.join(target, name));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(root, dir));
  for (const file of SOURCE_FILES) visit(path.join(root, file));
  return newest;
}

function buildIsCurrent() {
  try {
    return fs.statSync(path.join(root, ".next", "BUILD_ID")).mtimeMs >= newestSourceTime();
  } catch {
    return false;
  }
}

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const casebook = path.join(root, "bin", "casebook.mjs");

/**
 * Two starts at once (e.g. parallel test runs) must not build into the same .next folder together:
 * a lock folder holding the builder's pid serialises them; a lock left by a dead process is taken over.
 */
function withBuildLock(action) {
  const lock = path.join(root, ".tmp", "build.lock");
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
        process.kill(holder, 0);
      } catch {
        if (!holder || Date.now() - fs.statSync(lock).mtimeMs > 5_000) fs.rmSync(lock, { recursive: true, force: true });
      }
      if (Date.now() - started > 15 * 60_000) throw new Error("waited 15 minutes for another build to finish");
      spawnSync("sleep", ["1"]);
    }
  }
  try {
    action();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

if (!dev && !buildIsCurrent()) {
  withBuildLock(() => {
    if (buildIsCurrent()) return; // another start built it while this one waited
    console.log("casebook start: building the app (sources changed since the last build)…");
    run(process.execPath, [nextBin, "build"], "next build");
  });
}
run(process.execPath, [casebook, "db", "migrate"], "database migration");
run(process.execPath, [casebook, "import", "--if-empty", path.join(root, "content")], "loading example content");

/**
 * Without accounts Casebook has no sign-in (single-user mode), so it may only listen on this machine.
 * Create the first admin (`casebook user add EMAIL --admin`) before serving on another address.
 */
function isLoopbackHost(name) {
  return name === "localhost" || name === "::1" || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name);
}
if (!isLoopbackHost(host)) {
  const counted = spawnSync(process.execPath, [casebook, "user", "count"], { cwd: root, env, encoding: "utf8" });
  const accounts = Number(counted.stdout.trim());
  if (counted.status !== 0 || !Number.isInteger(accounts)) {
    console.error(`casebook start: could not count accounts (exit ${counted.status}): ${counted.stderr.trim()}`);
    process.exit(1);
  }
  if (accounts === 0) {
    console.error(
      `casebook start: refusing to listen on ${host}: no account exists yet, so anyone reaching it could read and change everything.\n` +
        "  Create the first admin first:  CASEBOOK_PASSWORD=… npx casebook user add you@example.com --admin\n" +
        "  or start on 127.0.0.1 (the default) and use http://127.0.0.1:PORT/setup.",
    );
    process.exit(2);
  }
}

console.log(`casebook start: serving on http://${host}:${port}`);
// scripts/serve.mjs rather than `next start`: it stamps each request with its socket's address
// (x-casebook-peer), the only address the trusted-proxy SSO check believes.
const serve = path.join(root, "scripts", "serve.mjs");
const server = spawn(process.execPath, [serve, ...(dev ? ["--dev"] : [])], { cwd: root, env: { ...env, HOST: host, PORT: port }, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
