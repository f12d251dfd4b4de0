import type { Readable, Writable } from "node:stream";

/** What a CLI command may touch; tests pass in-memory streams. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** true when stderr is a terminal (progress bars go there). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface CliCommand {
  /** Words that select the command, e.g. ["dump", "analyze"] or ["incident", "list"]. */
  path: string[];
  summary: string;
  usage: string;
  /** Returns the process exit code. Throw a CasebookError for bad input (exit 2, one-line message). */
  run(args: string[], io: CliIO): Promise<number>;
}
