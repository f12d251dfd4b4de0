import { isCasebookError } from "../errors";
import type { CliCommand, CliIO } from "./command";
import { commands } from "./commands/index";

function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | null {
  let best: CliCommand | null = null;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : null;
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.path.join(" ").length), 10);
  const lines = [...commands]
    .sort((a, b) => a.path.join(" ").localeCompare(b.path.join(" ")))
    .map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`);
  return `Usage: casebook <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun "casebook <command> --help" for a command's options.\n`;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 failure found by the command, 2 bad input. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout.write(helpText());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(`casebook: unknown command "${argv.join(" ")}"; run "casebook --help" for the list\n`);
    return 2;
  }
  if (found.rest.includes("--help") || found.rest.includes("-h")) {
    io.stdout.write(`${found.command.usage}\n`);
    return 0;
  }
  try {
    return await found.command.run(found.rest, io);
  } catch (error) {
    if (isCasebookError(error)) {
      io.stderr.write(`casebook ${found.command.path.join(" ")}: ${oneLine(error.message)}\n`);
      for (const issue of error.issues ?? []) io.stderr.write(`  ${issue.path}: ${oneLine(issue.message)}\n`);
      return error.status >= 500 ? 1 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`casebook ${found.command.path.join(" ")}: unexpected error: ${oneLine(message)}\n`);
    if (io.env.CASEBOOK_DEBUG) io.stderr.write(`${(error as Error).stack ?? ""}\n`);
    return 1;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
