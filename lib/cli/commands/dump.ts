/** `casebook dump analyze`: decode Redis SDS strings from a core, raw dump or hexdump and report. */
import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { InvalidInputError } from "../../errors";
import { parseNodeSlots, parseSlotList, type NodeSlots } from "../../analyzers/cluster-slots";
import { analyzeDumpFile, renderDumpReportMarkdown, type DumpAnalysisOptions, type DumpProgress } from "../../analyzers/dump";
import { formatBytes } from "../../analyzers/dump/verdict";
import { dumpReportEvidence } from "../../evidence/dump-report";
import { parseCliArgs, parseIntegerOption } from "../args";
import { ATTACH_CLI_OPTIONS, attachTarget, attachUsage, fileEvidence } from "../attach-option";
import type { CliCommand, CliIO } from "../command";

const USAGE = `Usage: casebook dump analyze FILE [options] [--attach SLUG --server URL]

Decodes Redis SDS strings (sdshdr5/8/16/32/64 and EMBSTR objects) from an ELF core (gcore), a raw memory
dump (gdb dump memory, /proc/PID/mem extract) or a text hexdump (hexdump -C, xxd, gdb x/Nxb), and reports
what they say about a leak: header signatures, contiguous runs, key patterns, cluster slot ownership.

Options:
  --format auto|elf|raw|hexdump   input format (default: auto)
  --base ADDR                     address of a raw dump's first byte, or added to hexdump offsets (0x… or decimal)
  --anon-only                     scan anonymous memory only (default for cores: file mappings hold look-alike text)
  --all-regions                   also scan file-backed mappings of a core
  --align N                       allocation alignment in bytes, a power of two; 1 disables (default: 8)
  --min-len N                     shortest string to report (default: 4)
  --max-len N                     longest string to decode (default: 65536)
  --content printable|utf8|any    characters a string may hold (default: printable)
  --cluster-nodes FILE            CLUSTER NODES (or redis-cli CLUSTER SLOTS) output of the cluster …
  --node ID                       … and the node the dump comes from (id, id prefix, ip:port; default: myself)
  --slots LIST                    or the node's slots directly, e.g. 0-5460,10923
  --dbsize N                      keys the node holds (DBSIZE), for the strings-per-key ratio
  --json                          print the report as JSON instead of Markdown
  --out FILE                      write every decoded string as TSV: address, type, len, alloc, region, text
  --threads N                     scanning threads (default: 2 for files of 64 MiB and more)
${attachUsage(34)}`;

const OPTIONS = {
  format: { type: "string" },
  base: { type: "string" },
  "anon-only": { type: "boolean" },
  "all-regions": { type: "boolean" },
  align: { type: "string" },
  "min-len": { type: "string" },
  "max-len": { type: "string" },
  content: { type: "string" },
  "cluster-nodes": { type: "string" },
  node: { type: "string" },
  slots: { type: "string" },
  dbsize: { type: "string" },
  json: { type: "boolean" },
  out: { type: "string" },
  threads: { type: "string" },
  ...ATTACH_CLI_OPTIONS,
} as const;

function parseAddress(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().toLowerCase();
  const parsed = /^0x[0-9a-f]+$/.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(parsed)) throw new InvalidInputError(`--base must be an address like 0x7f0000000000 or a decimal number, got "${value}"`);
  return parsed;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new InvalidInputError(`--${name} must be one of ${allowed.join(", ")}, got "${value}"`);
  return value as T;
}

function readTextFile(file: string, cwd: string, what: string): string {
  try {
    return fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(`cannot read ${what} ${file}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

function nodeSlots(values: Record<string, unknown>, cwd: string): NodeSlots | null {
  const nodesFile = values["cluster-nodes"] as string | undefined;
  const node = values.node as string | undefined;
  const list = values.slots as string | undefined;
  if (list !== undefined && (nodesFile !== undefined || node !== undefined)) {
    throw new InvalidInputError("give either --slots or --cluster-nodes (with --node), not both");
  }
  if (list !== undefined) return parseSlotList(list);
  if (node !== undefined && nodesFile === undefined) throw new InvalidInputError("--node needs --cluster-nodes FILE");
  if (nodesFile === undefined) return null;
  return parseNodeSlots(readTextFile(nodesFile, cwd, "cluster listing"), node ?? "myself");
}

/** A one-line progress bar redrawn in place on a terminal. */
function progressBar(io: CliIO): ((progress: DumpProgress) => void) | undefined {
  if (!io.isTTY) return undefined;
  const started = Date.now();
  let lastDraw = 0;
  return ({ scannedBytes, totalBytes }) => {
    const now = Date.now();
    if (now - lastDraw < 100 && scannedBytes < totalBytes) return;
    lastDraw = now;
    const share = totalBytes > 0 ? scannedBytes / totalBytes : 1;
    const width = 30;
    const filled = Math.round(share * width);
    const rate = scannedBytes / Math.max(0.001, (now - started) / 1000);
    io.stderr.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.round(share * 100)}% ${formatBytes(scannedBytes)} of ${formatBytes(totalBytes)} · ${formatBytes(rate)}/s\x1b[K`,
    );
  };
}

async function openOutput(file: string, cwd: string): Promise<fs.WriteStream> {
  const stream = fs.createWriteStream(path.resolve(cwd, file));
  try {
    await once(stream, "open");
  } catch (error) {
    throw new InvalidInputError(`cannot write --out ${file}: ${(error as Error).message}`);
  }
  return stream;
}

async function closeOutput(stream: fs.WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once("error", reject);
    stream.end(resolve);
  });
}

export const dumpAnalyzeCommand: CliCommand = {
  path: ["dump", "analyze"],
  summary: "Decode Redis SDS strings from a core / raw dump / hexdump and report leak evidence",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, OPTIONS);
    if (positionals.length !== 1) {
      throw new InvalidInputError(positionals.length === 0 ? "missing FILE (the dump to analyze)" : `expected one FILE, got ${positionals.length}`);
    }
    if (values["anon-only"] && values["all-regions"]) throw new InvalidInputError("--anon-only and --all-regions contradict each other");
    const target = attachTarget(values, io.env);
    const options: DumpAnalysisOptions = {
      format: oneOf("format", values.format, ["auto", "elf", "raw", "hexdump"] as const),
      baseAddress: parseAddress(values.base),
      anonOnly: values["all-regions"] ? false : true,
      align: parseIntegerOption("align", values.align, 1),
      minLen: parseIntegerOption("min-len", values["min-len"], 0),
      maxLen: parseIntegerOption("max-len", values["max-len"], 1),
      content: oneOf("content", values.content, ["printable", "utf8", "any"] as const),
      slots: nodeSlots(values, io.cwd),
      dbsize: parseIntegerOption("dbsize", values.dbsize, 0),
      threads: parseIntegerOption("threads", values.threads, 1),
    };
    const file = path.resolve(io.cwd, positionals[0]);
    const output = values.out ? await openOutput(values.out, io.cwd) : undefined;
    const progress = progressBar(io);
    let report;
    try {
      report = await analyzeDumpFile(file, { ...options, stringsOutput: output }, progress);
    } catch (error) {
      // No half-written strings file left behind.
      output?.destroy();
      if (values.out) fs.rmSync(path.resolve(io.cwd, values.out), { force: true });
      throw error;
    } finally {
      if (progress) io.stderr.write("\r\x1b[K");
    }
    if (output) await closeOutput(output);
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDumpReportMarkdown(report));
    if (target) await fileEvidence(target, dumpReportEvidence(report), io);
    return 0;
  },
};
