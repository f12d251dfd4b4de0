#!/usr/bin/env node
// A private PostgreSQL cluster for tests, CI and development, never a system service:
//   node scripts/postgres.mjs start [--dir .tmp/pg] [--port 55432] [--database casebook] [--json]
//   node scripts/postgres.mjs stop [--dir .tmp/pg]
//   node scripts/postgres.mjs status [--dir .tmp/pg]
// Defaults: CASEBOOK_PG_DIR or <project>/.tmp/pg, CASEBOOK_PG_PORT or 55432.
// `start` prints postgresql://postgres@127.0.0.1:PORT/DATABASE (creating DATABASE) and is idempotent.
// Layout of DIR: data/ (PGDATA), run/ (unix socket), postgres.log. As root, the server runs as the
// `postgres` user (PostgreSQL refuses root); otherwise as the current user.
// Plain Node with no dependencies so it works before `npm install` and from .ci/run.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// CASEBOOK_PG_DIR / CASEBOOK_PG_PORT move the default cluster (e.g. two checkouts on one machine).
export const DEFAULT_DIR = process.env.CASEBOOK_PG_DIR ? path.resolve(process.env.CASEBOOK_PG_DIR) : path.join(ROOT, ".tmp", "pg");
export const DEFAULT_PORT = process.env.CASEBOOK_PG_PORT ? Number(process.env.CASEBOOK_PG_PORT) : 55432;
export const DEFAULT_DATABASE = "casebook";
const SERVER_USER = "postgres";
const LOCK_TIMEOUT_MS = 120_000;

class PostgresScriptError extends Error {}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function layout(dir) {
  const base = path.resolve(dir ?? DEFAULT_DIR);
  return { base, data: path.join(base, "data"), run: path.join(base, "run"), log: path.join(base, "postgres.log") };
}

/** Directory of initdb/pg_ctl/psql: `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin. */
export function findPostgresBindir() {
  const candidates = [];
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  } catch {
    // pg_config ships with libpq-dev, which a server-only install may lack.
  }
  const debianRoot = "/usr/lib/postgresql";
  if (fs.existsSync(debianRoot)) {
    const versions = fs.readdirSync(debianRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, "bin")));
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")));
  if (!found) throw new PostgresScriptError("PostgreSQL server binaries not found (apt-get install postgresql-15)");
  return found;
}

function findExecutable(names) {
  for (const name of names) {
    for (const dir of ["/usr/sbin", "/usr/bin", "/sbin", "/bin", ...(process.env.PATH ?? "").split(":")]) {
      if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
    }
  }
  return undefined;
}

/** Runs a PostgreSQL binary as the server user: argument arrays only, never a shell string. */
function runServerCommand(bindir, program, args, cwd) {
  let file = path.join(bindir, program);
  let argv = args;
  if (isRoot()) {
    const runuser = findExecutable(["runuser"]);
    const setpriv = findExecutable(["setpriv"]);
    if (runuser) [file, argv] = [runuser, ["-u", SERVER_USER, "--", file, ...args]];
    else if (setpriv) [file, argv] = [setpriv, ["--reuid", SERVER_USER, "--regid", SERVER_USER, "--init-groups", file, ...args]];
    else throw new PostgresScriptError("running as root needs runuser or setpriv to switch to the postgres user");
  }
  return spawnSync(file, argv, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C.UTF-8" } });
}

function runClient(bindir, program, args) {
  return spawnSync(path.join(bindir, program), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PGCONNECT_TIMEOUT: "10" } });
}

function failure(what, result, logFile) {
  const output = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim();
  let logTail = "";
  if (logFile && fs.existsSync(logFile)) logTail = fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n");
  const detail = [output, logTail].filter(Boolean).join("\n");
  return new PostgresScriptError(`${what} failed${result.error ? ` (${result.error.message})` : ""}${detail ? `:\n${detail}` : ""}`);
}

function serverUserIds() {
  const uid = Number(execFileSync("id", ["-u", SERVER_USER], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", SERVER_USER], { encoding: "utf8" }).trim());
  return { uid, gid };
}

// ------------------------------------------------------------------------------------------ locking

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(sleepBuffer, 0, 0, ms);

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Serialises start/stop across processes (vitest runs test files in parallel workers). */
function withLock(base, action) {
  const lockDir = `${base}.lock`;
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      let owner = 0;
      let ageMs = 0;
      try {
        ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
        owner = Number(fs.readFileSync(path.join(lockDir, "pid"), "utf8").trim());
      } catch {
        // Released meanwhile, or the owner has not written its pid yet: look again shortly.
      }
      // A pid-less lock older than a few seconds belongs to a process that died right after mkdir.
      if ((owner && !processAlive(owner)) || (!owner && ageMs > 10_000)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new PostgresScriptError(`timed out waiting for ${lockDir} (held by pid ${owner || "?"})`);
      sleep(100);
    }
  }
  try {
    return action();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------ cluster

function runningPort(bindir, dirs) {
  if (!fs.existsSync(path.join(dirs.data, "PG_VERSION"))) return undefined;
  const status = runServerCommand(bindir, "pg_ctl", ["-D", dirs.data, "status"], dirs.base);
  if (status.status !== 0) return undefined;
  // postmaster.pid: pid, data dir, start time, port, socket dir, listen address, …
  const lines = fs.readFileSync(path.join(dirs.data, "postmaster.pid"), "utf8").split("\n");
  return Number(lines[3]);
}

function initCluster(bindir, dirs) {
  fs.rmSync(dirs.data, { recursive: true, force: true });
  fs.mkdirSync(dirs.base, { recursive: true });
  if (isRoot()) {
    const { uid, gid } = serverUserIds();
    fs.chownSync(dirs.base, uid, gid);
  }
  const result = runServerCommand(
    bindir,
    "initdb",
    ["-D", dirs.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
    dirs.base,
  );
  if (result.status !== 0) throw failure("initdb", result);
}

function ensureDatabase(bindir, port, database) {
  const connection = ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"];
  const query = runClient(bindir, "psql", [
    ...connection, "-X", "-q", "-At", "-d", "postgres",
    "-c", `SELECT 1 FROM pg_database WHERE datname = '${database}'`,
  ]);
  if (query.status !== 0) throw failure("checking for the database", query);
  if (query.stdout.trim() === "1") return;
  const created = runClient(bindir, "createdb", [...connection, database]);
  if (created.status !== 0 && !/already exists/.test(created.stderr)) throw failure(`createdb ${database}`, created);
}

export function connectionUrl(port, database = DEFAULT_DATABASE) {
  return `postgresql://postgres@127.0.0.1:${port}/${database}`;
}

/** Starts the cluster (initialising it on first use) and returns its URL; reuses a running one. */
export function startPostgres({ dir, port = DEFAULT_PORT, database = DEFAULT_DATABASE, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new PostgresScriptError(`--port must be 1024–65535, got ${port}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new PostgresScriptError(`--database must be a plain lower-case identifier, got "${database}"`);
  const dirs = layout(dir);
  // pg_ctl hands -o to the server through a shell; allow only characters that need no quoting.
  if (!/^[A-Za-z0-9_./-]+$/.test(dirs.run)) throw new PostgresScriptError(`--dir must contain only letters, digits and _ . / - (got ${dirs.base})`);
  const bindir = findPostgresBindir();
  return withLock(dirs.base, () => {
    let actualPort = runningPort(bindir, dirs);
    const alreadyRunning = actualPort !== undefined;
    if (alreadyRunning) {
      if (actualPort !== port) log(`PostgreSQL in ${dirs.base} already runs on port ${actualPort} (not ${port})`);
    } else {
      if (!fs.existsSync(path.join(dirs.data, "PG_VERSION"))) {
        initCluster(bindir, dirs);
        log(`initialised a PostgreSQL cluster in ${dirs.data}`);
      }
      fs.mkdirSync(dirs.run, { recursive: true });
      if (isRoot()) {
        const { uid, gid } = serverUserIds();
        for (const item of [dirs.base, dirs.run]) fs.chownSync(item, uid, gid);
        if (fs.existsSync(dirs.log)) fs.chownSync(dirs.log, uid, gid);
      }
      // Durability settings off: a throwaway cluster for tests and development, not for real data.
      const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dirs.run} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      const started = runServerCommand(bindir, "pg_ctl", ["-D", dirs.data, "-l", dirs.log, "-o", serverOptions, "-w", "-t", "60", "start"], dirs.base);
      if (started.status !== 0) throw failure(`starting PostgreSQL on port ${port}`, started, dirs.log);
      actualPort = port;
      log(`started PostgreSQL on 127.0.0.1:${port} (log: ${dirs.log})`);
    }
    ensureDatabase(bindir, actualPort, database);
    return { url: connectionUrl(actualPort, database), port: actualPort, dir: dirs.base, alreadyRunning };
  });
}

export function stopPostgres({ dir, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const dirs = layout(dir);
  const bindir = findPostgresBindir();
  return withLock(dirs.base, () => {
    if (runningPort(bindir, dirs) === undefined) {
      log(`PostgreSQL in ${dirs.base} is not running`);
      return { wasRunning: false };
    }
    const stopped = runServerCommand(bindir, "pg_ctl", ["-D", dirs.data, "-m", "fast", "-w", "-t", "60", "stop"], dirs.base);
    if (stopped.status !== 0) throw failure("pg_ctl stop", stopped, dirs.log);
    log(`stopped PostgreSQL in ${dirs.base}`);
    return { wasRunning: true };
  });
}

export function postgresStatus({ dir, database = DEFAULT_DATABASE } = {}) {
  const dirs = layout(dir);
  const port = runningPort(findPostgresBindir(), dirs);
  return port === undefined ? { running: false, dir: dirs.base } : { running: true, dir: dirs.base, port, url: connectionUrl(port, database) };
}

// ---------------------------------------------------------------------------------------------- CLI

function main(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: "string" },
      port: { type: "string" },
      database: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !["start", "stop", "status"].includes(command)) {
    process.stdout.write("Usage: node scripts/postgres.mjs start|stop|status [--dir .tmp/pg] [--port 55432] [--database casebook] [--json]\n");
    return values.help ? 0 : 2;
  }
  const dir = values.dir === undefined ? undefined : path.resolve(values.dir);
  if (command === "start") {
    if (values.port !== undefined && !/^\d+$/.test(values.port)) throw new PostgresScriptError(`--port must be a number, got "${values.port}"`);
    const info = startPostgres({ dir, port: values.port === undefined ? DEFAULT_PORT : Number(values.port), database: values.database ?? DEFAULT_DATABASE });
    process.stdout.write(values.json ? `${JSON.stringify(info)}\n` : `${info.url}\n`);
    return 0;
  }
  if (command === "stop") {
    const info = stopPostgres({ dir });
    if (values.json) process.stdout.write(`${JSON.stringify(info)}\n`);
    return 0;
  }
  const info = postgresStatus({ dir, database: values.database ?? DEFAULT_DATABASE });
  process.stdout.write(values.json ? `${JSON.stringify(info)}\n` : info.running ? `${info.url}\n` : `not running (${info.dir})\n`);
  return info.running ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    const message = error instanceof PostgresScriptError || error?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? error.message : error?.stack ?? String(error);
    process.stderr.write(`postgres.mjs: ${message}\n`);
    process.exitCode = 2;
  }
}
