import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The production server (`scripts/start.mjs`: build if sources changed, migrate, load the example
 * content into an empty database, scripts/serve.mjs) on a free loopback port, for load, fault and e2e-style
 * tests. It runs in its own process group so a SIGKILL reaches the server process too, like a real crash.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function freePort(): number {
  const script = "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}

/**
 * Headers for API calls. Today the app runs in single-user mode; once accounts exist, set
 * CASEBOOK_TEST_TOKEN to an API token and every request made through here is authenticated.
 */
export function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const token = process.env.CASEBOOK_TEST_TOKEN?.trim();
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

export interface ProductionServer {
  baseUrl: string;
  port: number;
  /** Output so far (stdout + stderr), for failure messages. */
  log(): string;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL the whole process group at once (no shutdown handlers run) and wait. */
  crash(): Promise<void>;
}

export interface StartOptions {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  /** Milliseconds to wait for /api/v1/health (a first start may have to build the app). */
  timeoutMs?: number;
}

export async function startProductionServer(options: StartOptions): Promise<ProductionServer> {
  const port = options.port ?? freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs")], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: options.databaseUrl, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));

  const signalGroup = async (signal: NodeJS.Signals) => {
    if (!alive) return;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
    await exited;
    // serve.mjs may outlive start.mjs for a moment after SIGTERM; the port must be free before a restart.
    await waitUntilClosed(baseUrl);
  };
  const server: ProductionServer = {
    baseUrl,
    port,
    log: () => output,
    stop: () => signalGroup("SIGTERM"),
    crash: () => signalGroup("SIGKILL"),
  };

  const deadline = Date.now() + (options.timeoutMs ?? 900_000);
  for (;;) {
    if (!alive) throw new Error(`the server exited before it was ready:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/v1/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the server did not become ready on ${baseUrl}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function waitUntilClosed(baseUrl: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(500) });
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
