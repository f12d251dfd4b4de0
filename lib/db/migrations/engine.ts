import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory, type ErrorRegistry } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import type { DatabaseProvider } from "../config";
import { DatabaseUnreachableError, MigrationError, engineMessageText } from "./errors";
import type { MigrationAdapterFactory } from "./migration-adapters";

/**
 * The Prisma schema engine compiled to WebAssembly, driven through a JS driver adapter: the native
 * engine binary is a download the Prisma CLI cannot make offline.
 */
type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm");

let enginePromise: Promise<SchemaEngineModule> | undefined;

/**
 * The package's entry imports the .wasm as an ES module, which Node cannot do; instantiate it by
 * hand from the folder of schema_engine_bg.js (the .wasm itself is not in the exports map). One
 * instance per process: the glue module keeps the instance in module state.
 */
export function loadSchemaEngine(): Promise<SchemaEngineModule> {
  enginePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import(pathToFileURL(gluePath).href)) as SchemaEngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = fs.readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const imports = trackEngineTimers(glue as unknown as Record<string, unknown>);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })().catch((error: unknown) => {
    enginePromise = undefined;
    throw error;
  });
  return enginePromise;
}

/**
 * The engine arms timeouts (e.g. around PostgreSQL's advisory lock) through setTimeout and never
 * clears them, which keeps a finished CLI alive for ~10 s. Remember them so closing the last open
 * session can cancel whatever is still pending (only unref while another session may need them).
 */
const pendingEngineTimers = new Set<NodeJS.Timeout>();
let openSessions = 0;

function trackEngineTimers(glue: Record<string, unknown>): WebAssembly.ModuleImports {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(glue)) {
    if (!name.startsWith("__wbg_setTimeout_") || typeof glue[name] !== "function") continue;
    imports[name] = (callback: () => void, delay: number) => {
      const timer: NodeJS.Timeout = setTimeout(() => {
        pendingEngineTimers.delete(timer);
        callback();
      }, delay >>> 0);
      pendingEngineTimers.add(timer);
      return timer;
    };
  }
  return imports as WebAssembly.ModuleImports;
}

function releaseEngineTimers(): void {
  for (const timer of pendingEngineTimers) {
    if (openSessions === 0) clearTimeout(timer);
    else timer.unref();
  }
  pendingEngineTimers.clear();
}

export interface SchemaFile {
  path: string;
  content: string;
}

export interface EngineSessionOptions {
  provider: DatabaseProvider;
  schema: SchemaFile;
  adapterFactory: MigrationAdapterFactory;
  /** Receives the engine's WARN/ERROR log lines (JSON parsed to text). */
  log?: (line: string) => void;
}

export interface EngineSession {
  /** Runs one engine command, turning its errors into one-line CasebookErrors. */
  run<T>(label: string, command: (engine: SchemaEngine) => Promise<T>): Promise<T>;
  /** Frees the engine and every connection it opened. Always call it (finally). */
  close(): Promise<void>;
}

export async function openEngineSession(options: EngineSessionOptions): Promise<EngineSession> {
  const wasm = await loadSchemaEngine();
  const bound = bindMigrationAwareSqlAdapterFactory(options.adapterFactory);
  const onLog = (line: string) => {
    const text = engineLogText(line);
    if (text) options.log?.(text);
  };
  let engine: SchemaEngine;
  try {
    engine = await wasm.SchemaEngine.new({ datamodels: [[options.schema.path, options.schema.content]] }, onLog, bound);
  } catch (error) {
    await options.adapterFactory.close();
    throw translateEngineError(error, bound.errorRegistry, `cannot start the ${options.provider} schema engine`);
  }
  let closed = false;
  openSessions++;
  return {
    async run(label, command) {
      try {
        return await command(engine);
      } catch (error) {
        throw translateEngineError(error, bound.errorRegistry, label);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      openSessions--;
      try {
        engine.free();
      } finally {
        await options.adapterFactory.close();
        releaseEngineTimers();
      }
    },
  };
}

/** The engine logs JSON lines; only warnings and errors are worth showing. */
function engineLogText(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    if (entry.level !== "WARN" && entry.level !== "ERROR") return undefined;
    return `${entry.level.toLowerCase()}: ${entry.fields?.message ?? line.trim()}`;
  } catch {
    return undefined;
  }
}

const CONNECTION_ERROR_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH"]);

/**
 * Engine errors arrive as Rust text with a span trace, and adapter failures as `External error id#N`
 * whose real error sits in the bound adapter's registry. Produce one line with the real cause.
 */
export function translateEngineError(error: unknown, registry: ErrorRegistry, label: string): Error {
  let raw = error instanceof Error ? error.message : String(error);
  let unreachable = false;
  raw = raw.replace(/External error id#(\d+)/g, (match, id: string) => {
    const record = registry.consumeError(Number(id));
    if (!record) return match;
    if (isConnectionError(record.error)) unreachable = true;
    return describeCause(record.error);
  });
  const message = `${label}: ${engineMessageText(raw)}`;
  return unreachable || /Can't reach database server|DatabaseNotReachable/i.test(raw)
    ? new DatabaseUnreachableError(message)
    : new MigrationError(message);
}

export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) return true;
  return error instanceof Error && /timeout expired|Connection terminated unexpectedly/i.test(error.message);
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
