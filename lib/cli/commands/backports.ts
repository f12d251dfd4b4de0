import { readFile } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError, NotFoundError, PayloadTooLargeError } from "../../errors";
import { classifyPastedLog, renderBackportScan, renderPastedLog, scanBackports } from "../../analyzers/backports/index";
import { backportScanEvidence, pastedLogEvidence } from "../../evidence/analyzer-reports";
import { parseCliArgs } from "../args";
import { ATTACH_CLI_OPTIONS, attachTarget, attachUsage, fileEvidence } from "../attach-option";
import type { CliCommand, CliIO } from "../command";

const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Reads FILE (relative to the working directory) or standard input for "-". */
export async function readTextInput(source: string, io: CliIO, label: string): Promise<string> {
  if (source === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.stdin) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.length;
      if (size > MAX_INPUT_BYTES) throw new PayloadTooLargeError(`${label} on standard input is larger than 64 MB`);
      chunks.push(buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
  }
  const file = path.resolve(io.cwd, source);
  try {
    const text = await readFile(file);
    if (text.length > MAX_INPUT_BYTES) throw new PayloadTooLargeError(`${label} ${source} is larger than 64 MB`);
    return text.toString("utf8");
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    throw new NotFoundError(`cannot read ${label} ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidInputError("--lines needs at least one release line, e.g. --lines 3.2,4.0");
  return items;
}

export const backportsCommand: CliCommand = {
  path: ["backports"],
  summary: "List upstream memory-safety fixes the deployed version (and fork) lacks",
  usage: `Usage:
  casebook backports --repo DIR --version REF [--fork REF] [--lines 3.2,4.0,unstable] [--main BRANCH] [--pattern RE]... [--json] [--attach SLUG --server URL]
  casebook backports --log FILE|- [--pattern RE]... [--json] [--attach SLUG --server URL]

  --repo DIR      local clone of the upstream project (with the fork's branch for --fork)
  --version REF   deployed version: a tag (3.2.8, v3.2.8) or a commit
  --fork REF      the fork's branch or commit: shows which missing fixes it carries and where it overlaps
  --lines LIST    release lines (3.2) or branch names (unstable) to scan; default: the deployed line,
                  every newer line and the main branch
  --main BRANCH   main development branch when not unstable/main/master/develop/trunk
  --pattern RE    extra case-insensitive pattern that selects candidate commits (repeatable)
  --log FILE|-    classify pasted git log (default, --oneline or -p) or release notes instead
  --json          print JSON
${attachUsage(18)}

Exit code: 0 nothing missing, 1 fixes missing (from the fork when --fork is given), 2 bad input.`,
  async run(args, io) {
    const { values } = parseCliArgs(
      args,
      {
        repo: { type: "string" },
        version: { type: "string" },
        fork: { type: "string" },
        lines: { type: "string" },
        main: { type: "string" },
        pattern: { type: "string", multiple: true },
        log: { type: "string" },
        json: { type: "boolean" },
        ...ATTACH_CLI_OPTIONS,
      },
      false,
    );
    const target = attachTarget(values, io.env);
    if (values.log !== undefined) {
      if (values.repo || values.version || values.fork || values.lines) {
        throw new InvalidInputError("--log cannot be combined with --repo/--version/--fork/--lines");
      }
      const text = await readTextInput(values.log, io, "log");
      const result = classifyPastedLog(text, { extraPatterns: values.pattern });
      io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderPastedLog(result));
      if (target) await fileEvidence(target, pastedLogEvidence(result), io);
      return 0;
    }
    if (!values.repo || !values.version) throw new InvalidInputError("--repo and --version are required (or --log FILE|-)");
    const result = await scanBackports({
      repo: path.resolve(io.cwd, values.repo),
      deployed: values.version,
      fork: values.fork,
      lines: splitList(values.lines),
      mainBranch: values.main,
      extraPatterns: values.pattern,
    });
    io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderBackportScan(result));
    if (target) await fileEvidence(target, backportScanEvidence(result), io);
    const missing = result.fork ? result.fixes.filter((fix) => !fix.presentInFork) : result.fixes;
    return missing.length > 0 ? 1 : 0;
  },
};
