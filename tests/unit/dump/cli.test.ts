import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyHashSlot } from "@/lib/analyzers/cluster-slots";
import type { CliIO } from "@/lib/cli/command";
import { runCli } from "@/lib/cli/main";
import { parseTsv } from "@/tests/fixtures/dump/collect";
import { buildCore } from "@/tests/fixtures/dump/elf-core";
import { HEAP, StringLayout, workedExampleCore } from "@/tests/fixtures/dump/scenarios";
import { MemoryImage, sdsBytes } from "@/tests/fixtures/dump/sds";
import fsPromises from "node:fs/promises";
import os from "node:os";

let dir = "";

function memoryIO(isTTY = false): { io: CliIO; stdout: () => string; stderr: () => string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  return {
    io: { stdin: new PassThrough(), stdout, stderr, isTTY, env: {} as NodeJS.ProcessEnv, cwd: dir },
    stdout: () => Buffer.concat(out).toString("utf8"),
    stderr: () => Buffer.concat(err).toString("utf8"),
  };
}

async function casebook(args: string[], isTTY = false) {
  const { io, stdout, stderr } = memoryIO(isTTY);
  const code = await runCli(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

function write(name: string, contents: Buffer | string): string {
  fs.writeFileSync(path.join(dir, name), contents);
  return name;
}

const NODES = `e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-1000
67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 1001-16383
`;

beforeAll(async () => {
  dir = await fsPromises.mkdtemp(path.join(os.tmpdir(), "casebook-dump-cli-"));
  write("worked.core", workedExampleCore(2000).core);
  write("nodes.txt", NODES);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("casebook dump analyze", () => {
  it("prints the Markdown report with the verdict on top", async () => {
    const result = await casebook(["dump", "analyze", "worked.core", "--cluster-nodes", "nodes.txt", "--node", "e7d1eecc", "--dbsize", "100"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("# Memory dump: SDS strings\n\n**Verdict:** 2 k key-like strings vs 100 keys; ")).toBe(true);
    expect(result.stdout).toMatch(/hash to slots this node does not own; 100 % in 1 contiguous run at stride 96 — consistent with leaked key copies/);
    expect(result.stdout).toContain("node e7d1eecce10f (127.0.0.1:30001) owns 1001 slots: 0-1000 (from cluster-nodes).");
  });

  it("prints JSON with --json, and takes --slots and myself as the default node", async () => {
    const bySlots = JSON.parse((await casebook(["dump", "analyze", "worked.core", "--slots", "0-1000", "--json"])).stdout);
    const byNodes = JSON.parse((await casebook(["dump", "analyze", "worked.core", "--cluster-nodes", "nodes.txt", "--json"])).stdout);
    expect(bySlots.ownership.foreign).toBe(byNodes.ownership.foreign);
    expect(bySlots.strings.total).toBe(2002);
    expect(byNodes.ownership.nodeId).toBe("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
  });

  it("writes every string to --out as escaped TSV", async () => {
    const memory = new StringLayout(new MemoryImage(HEAP, 4096));
    memory.sds(0, 1, "tab\there");
    memory.sds(64, 1, "back\\slash");
    memory.image.put(128, sdsBytes(1, Buffer.from("nl\ncr\r\x01\xff", "latin1")));
    memory.sds(192, 1, "用户:1");
    write("mixed.core", buildCore([{ vaddr: HEAP, data: memory.image.bytes }]));
    const result = await casebook(["dump", "analyze", "mixed.core", "--content", "any", "--out", "strings.tsv", "--json"]);
    expect(result.code).toBe(0);
    const tsv = fs.readFileSync(path.join(dir, "strings.tsv"), "utf8");
    expect(tsv.split("\n").filter(Boolean)).toEqual([
      `0x${HEAP.toString(16)}\tsdshdr8\t8\t8\tanon\ttab\\there`,
      `0x${(HEAP + 64).toString(16)}\tsdshdr8\t10\t10\tanon\tback\\\\slash`,
      `0x${(HEAP + 128).toString(16)}\tsdshdr8\t8\t8\tanon\tnl\\ncr\\x0d\\x01\\xff`,
      `0x${(HEAP + 192).toString(16)}\tsdshdr8\t8\t8\tanon\t用户:1`,
    ]);
    expect(parseTsv(tsv)).toHaveLength(JSON.parse(result.stdout).strings.total);
  });

  it("draws a progress bar on stderr only on a terminal", async () => {
    const tty = await casebook(["dump", "analyze", "worked.core"], true);
    expect(tty.stderr.startsWith("\r[")).toBe(true);
    expect(tty.stderr).toMatch(/\r\[#{30}\] 100% \d/);
    expect(tty.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect((await casebook(["dump", "analyze", "worked.core"])).stderr).toBe("");
  });

  it.each([
    [["dump", "analyze"], "missing FILE"],
    [["dump", "analyze", "nope.core"], "cannot read"],
    [["dump", "analyze", "empty.core"], "the dump is empty"],
    [["dump", "analyze", "truncated.core"], "ELF core is truncated"],
    [["dump", "analyze", "program.elf"], "not a core dump"],
    [["dump", "analyze", "garbage.txt", "--format", "hexdump"], "no line of the input reads as a hexdump"],
    [["dump", "analyze", "letter.txt"], "text but no line reads as a hexdump"],
    [["dump", "analyze", "worked.core", "--format", "zip"], '--format must be one of auto, elf, raw, hexdump, got "zip"'],
    [["dump", "analyze", "worked.core", "--align", "3"], "align must be a power of two"],
    [["dump", "analyze", "worked.core", "--min-len", "four"], "--min-len must be an integer"],
    [["dump", "analyze", "worked.core", "--content", "ascii"], "--content must be one of printable, utf8, any"],
    [["dump", "analyze", "worked.core", "--base", "zz"], "--base must be an address"],
    [["dump", "analyze", "worked.core", "--node", "abc"], "--node needs --cluster-nodes"],
    [["dump", "analyze", "worked.core", "--slots", "1-2", "--cluster-nodes", "nodes.txt"], "either --slots or --cluster-nodes"],
    [["dump", "analyze", "worked.core", "--slots", "1-99999"], "out of range"],
    [["dump", "analyze", "worked.core", "--cluster-nodes", "nodes.txt", "--node", "ffffff"], "not in the cluster listing"],
    [["dump", "analyze", "worked.core", "--anon-only", "--all-regions"], "contradict"],
    [["dump", "analyze", "worked.core", "--out", "no/such/dir/strings.tsv"], "cannot write --out"],
    [["dump", "analyze", "worked.core", "--verbose"], "Unknown option '--verbose'"],
  ])("exits 2 with one clear line for %j", async (args, message) => {
    write("empty.core", Buffer.alloc(0));
    const core = buildCore([{ vaddr: HEAP, data: Buffer.alloc(8192) }]);
    write("truncated.core", core.subarray(0, core.length - 4096));
    write("program.elf", buildCore([{ vaddr: HEAP, data: Buffer.alloc(64) }], { elfType: 2 }));
    write("garbage.txt", "hello\nworld\n");
    write("letter.txt", "Dear reader,\nthis is a letter.\n");
    const result = await casebook(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr.split("\n").filter(Boolean)[0]).toMatch(/^casebook dump analyze: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("lists the options with --help", async () => {
    const result = await casebook(["dump", "analyze", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--cluster-nodes FILE");
  });

  it("runs end to end as node bin/casebook.mjs", () => {
    const bin = path.resolve(__dirname, "../../../bin/casebook.mjs");
    const ok = spawnSync(process.execPath, [bin, "dump", "analyze", "worked.core", "--slots", "0-1000", "--json"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.runs.groups[0]).toMatchObject({ len: 84, stride: 96, strings: 2000 });
    expect(report.ownership.foreign).toBe(
      ["config", "user:1000:followers", ...workedExampleCore(2000).keys].filter((k) => keyHashSlot(k) > 1000).length,
    );
    const bad = spawnSync(process.execPath, [bin, "dump", "analyze", "nope.core"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("casebook dump analyze: cannot read " + path.join(dir, "nope.core") + ": no such file\n");
  });
});
