/**
 * Dump analyzer throughput vs `strings -a -n 8`, measured in the same run on the same synthetic ELF core.
 *
 *   npx tsx bench/dump-throughput.ts            # 512 MB core (the measured configuration)
 *   BENCH_DUMP_MB=64 npx tsx bench/dump-throughput.ts
 *   npx tsx bench/dump-throughput.ts --write-core /tmp/core 256   # only write a core, e.g. to profile with --cpu-prof
 *
 * The core mimics a leaking Redis: anonymous heap made of zero pages, pointer-filled structures, random
 * (compressed-looking) bytes, keyspace allocations of every SDS type and EMBSTR objects, blocks of leaked
 * 84-byte keys at stride 96 (`54 54 01`), plus file-backed text mappings. It is written to a temp dir and
 * deleted afterwards. Each analyzer run happens in a child process so its peak RSS is its own.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeDumpFile } from "../lib/analyzers/dump";
import { parseSlotList } from "../lib/analyzers/cluster-slots";
import { coreLayout, type CoreSegment } from "../tests/fixtures/dump/elf-core";
import { embstrBytes, sdsBytes } from "../tests/fixtures/dump/sds";

const MB = 1 << 20;
const BLOCK = 64 * 1024;
const SEGMENT = 32 * MB;
const HEAP_BASE = 0x555555600000;
const FILE_BASE = 0x7f3a00000000;

/** Deterministic generator state shared by the block builders (xorshift32). */
let seed = 0x2545f491;
function random(): number {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 4294967296;
}
function hex(digits: number): string {
  let text = "";
  while (text.length < digits) text += Math.floor(random() * 4294967296).toString(16).padStart(8, "0");
  return text.slice(0, digits);
}
const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
let keyNumber = 0;

/** 84 bytes, like the worked example's leaked keys. */
function leakedKey(): string {
  const key = `acct:${uuid()}:sessions:${String(keyNumber++).padStart(10, "0")}:lastlogin-history-buck`;
  if (key.length !== 84) throw new Error(`leaked key is ${key.length} bytes`);
  return key;
}

/** Leaked key copies back to back in the 96-byte size class: `54 54 01` + 84 characters + NUL. */
function fillLeakBlock(block: Buffer): void {
  block.fill(0);
  for (let at = 0; at + 96 <= block.length; at += 96) {
    block[at] = 84;
    block[at + 1] = 84;
    block[at + 2] = 1;
    block.write(leakedKey(), at + 3, "latin1");
  }
}

/** Structures: mostly jemalloc arena pointers (0x7f…, Redis's default allocator), some brk-heap / binary pointers (0x55…), small integers, zeros. */
function fillPointerBlock(block: Buffer): void {
  const words = new Uint32Array(block.buffer, block.byteOffset, block.length / 4);
  for (let i = 0; i < words.length; i += 2) {
    const kind = random();
    if (kind < 0.48) {
      words[i] = Math.floor(random() * 0x100000000) & ~7;
      words[i + 1] = 0x7f3a;
    } else if (kind < 0.6) {
      words[i] = (0x55600000 + Math.floor(random() * 0x4000000)) & ~7;
      words[i + 1] = 0x5555;
    } else if (kind < 0.85) {
      words[i] = Math.floor(random() * 4096);
      words[i + 1] = 0;
    } else {
      words[i] = 0;
      words[i + 1] = 0;
    }
  }
}

const SIZE_CLASSES = [16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280];
const sizeClass = (bytes: number) => SIZE_CLASSES.find((c) => c >= bytes) ?? Math.ceil(bytes / 256) * 256;
const WORDS = "the quick brown fox jumps over lazy dog redis cluster slot migration memory leak report".split(" ");
const sentence = (length: number) => {
  let text = "";
  while (text.length < length) text += `${WORDS[Math.floor(random() * WORDS.length)]} `;
  return text.slice(0, length);
};

/** Keyspace allocations packed by size class, as jemalloc would place them. */
function fillKeyspaceBlock(block: Buffer, address: number): number {
  block.fill(0);
  let at = 0;
  let count = 0;
  for (;;) {
    const pick = random();
    let bytes: Buffer;
    if (pick < 0.3) bytes = sdsBytes(0, `user:${Math.floor(random() * 1e7)}`);
    else if (pick < 0.55) bytes = sdsBytes(1, `session:${uuid()}`);
    else if (pick < 0.7) bytes = sdsBytes(1, `cache:${hex(16)}:v${Math.floor(random() * 9)}`, 60);
    else if (pick < 0.9) bytes = embstrBytes(address + at, `val-${Math.floor(random() * 1e9)}`);
    else bytes = sdsBytes(2, sentence(260 + Math.floor(random() * 400)));
    const slot = sizeClass(bytes.length);
    if (at + slot > block.length) break;
    block.set(bytes, at);
    at += slot;
    count++;
  }
  return count;
}

function fillTextBlock(block: Buffer): void {
  let at = 0;
  while (at < block.length) {
    const line = Buffer.from(`${sentence(8 + Math.floor(random() * 60))}\0`, "latin1");
    block.set(line.subarray(0, Math.min(line.length, block.length - at)), at);
    at += line.length;
  }
}

/** Writes the synthetic core and returns how many strings it holds. */
function writeCore(file: string, totalMb: number): { strings: number; leaked: number } {
  const total = totalMb * MB;
  const fileBytes = Math.max(BLOCK, Math.floor((total * 0.04) / BLOCK) * BLOCK);
  const segments: CoreSegment[] = [{ vaddr: FILE_BASE, size: fileBytes, file: "/usr/lib/x86_64-linux-gnu/libfake.so" }];
  for (let done = 0, k = 0; done < total - fileBytes; done += SEGMENT, k++) {
    segments.push({ vaddr: HEAP_BASE + k * (SEGMENT + 16 * MB), size: Math.min(SEGMENT, total - fileBytes - done) });
  }
  const layout = coreLayout(segments);
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, layout.head, 0, layout.head.length, 0);
  const block = Buffer.alloc(BLOCK);
  let strings = 0;
  let leaked = 0;
  segments.forEach((segment, index) => {
    for (let offset = 0; offset < segment.size; offset += BLOCK) {
      const address = segment.vaddr + offset;
      if (segment.file) {
        fillTextBlock(block);
      } else {
        // Mostly non-string memory (65 %): untouched zero pages, structures, compressed-looking data.
        const kind = random();
        if (kind < 0.35) block.fill(0);
        else if (kind < 0.5) fillPointerBlock(block);
        else if (kind < 0.65) randomFillSync(block);
        else if (kind < 0.85) {
          fillLeakBlock(block);
          strings += Math.floor(BLOCK / 96);
          leaked += Math.floor(BLOCK / 96);
        } else strings += fillKeyspaceBlock(block, address);
      }
      fs.writeSync(fd, block, 0, Math.min(BLOCK, segment.size - offset), layout.dataOffsets[index] + offset);
    }
  });
  fs.closeSync(fd);
  return { strings, leaked };
}

function peakRssMb(): number {
  // maxRSS covers every thread of the process, workers included (kilobytes on Linux).
  return process.resourceUsage().maxRSS / 1024;
}

interface Timing {
  seconds: number;
  cpuSeconds: number;
}

interface AnalyzerRun extends Timing {
  strings: number;
  rssMb: number;
  verdict: string;
}

type ChildMode = "plain" | "slots" | "out";

/** Child mode: analyze once, print timing, CPU time (all threads) and peak RSS as JSON. */
async function child(file: string, mode: ChildMode): Promise<void> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  // "out": every string written as TSV (to /dev/null), the configuration whose memory grows with strings.
  const output = mode === "out" ? fs.createWriteStream("/dev/null") : undefined;
  const report = await analyzeDumpFile(file, mode === "slots" ? { slots: parseSlotList("0-5460"), dbsize: 16000 } : { stringsOutput: output });
  if (output) await new Promise<void>((resolve) => output.end(resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const run: AnalyzerRun = {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    strings: report.strings.total,
    rssMb: peakRssMb(),
    verdict: report.verdict.summary,
  };
  process.stdout.write(JSON.stringify(run));
}

/** The analyzer in a fresh process (its own peak RSS); the time covers analyzeDumpFile, not Node start-up. */
function runAnalyzer(file: string, mode: ChildMode): AnalyzerRun {
  const self = fileURLToPath(import.meta.url);
  const output = execFileSync(process.execPath, ["--import", "tsx", self, "--child", file, mode], {
    encoding: "utf8",
    maxBuffer: 16 * MB,
  });
  return JSON.parse(output) as AnalyzerRun;
}

function runStrings(file: string): Timing {
  const result = spawnSync("bash", ["-c", 'TIMEFORMAT="%R %U %S"; { time strings -a -n 8 "$0" > /dev/null; } 2>&1', file], {
    encoding: "utf8",
  });
  const [real, user, sys] = result.stdout.trim().split(/\s+/).slice(-3).map(Number);
  if (result.status !== 0 || !Number.isFinite(real)) throw new Error(`strings failed: ${result.stderr || result.stdout}`);
  return { seconds: real, cpuSeconds: user + sys };
}

function best<T extends Timing>(runs: T[]): T {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** Each round's strings time over the analyzer's in the same round, the median of those ratios. */
function medianRatio(stringsRuns: Timing[], runs: Timing[]): number {
  const ratios = runs.map((run, round) => stringsRuns[round].seconds / run.seconds).sort((a, b) => a - b);
  const middle = Math.floor(ratios.length / 2);
  return ratios.length % 2 === 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
}

async function main(): Promise<void> {
  const megabytes = Number(process.env.BENCH_DUMP_MB ?? 512);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  if (!Number.isInteger(megabytes) || megabytes < 1) throw new Error("BENCH_DUMP_MB must be a positive integer");
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("BENCH_ROUNDS must be a positive integer");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-dump-bench-"));
  const file = path.join(dir, "core");
  try {
    let started = Date.now();
    const { strings, leaked } = writeCore(file, megabytes);
    const size = fs.statSync(file).size;
    const mb = size / MB;
    console.log(`synthetic core: ${mb.toFixed(0)} MB, ${strings} SDS strings (${leaked} leaked 84-byte keys), written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    started = Date.now();
    execFileSync("cat", [file], { stdio: ["ignore", "ignore", "inherit"] }); // into the page cache, like the facts' measurements
    console.log(`cat: ${(mb / ((Date.now() - started) / 1000)).toFixed(0)} MB/s (page cache warm-up)`);

    // Rounds alternate the tools so that load from other processes hits both alike; best of each counts,
    // and the median of the rounds' own ratios shows the spread this machine's noise leaves.
    const stringsRuns: Timing[] = [];
    const plainRuns: AnalyzerRun[] = [];
    const slotRuns: AnalyzerRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      stringsRuns.push(runStrings(file));
      plainRuns.push(runAnalyzer(file, "plain"));
      slotRuns.push(runAnalyzer(file, "slots"));
      const line = (t: Timing) => `${(mb / t.seconds).toFixed(0)} MB/s (${(stringsRuns.at(-1)!.seconds / t.seconds).toFixed(1)}×)`;
      console.log(`round ${round}: strings ${(mb / stringsRuns.at(-1)!.seconds).toFixed(0)} MB/s, analyzer ${line(plainRuns.at(-1)!)}, analyzer+slots ${line(slotRuns.at(-1)!)}`);
    }
    const bestStrings = best(stringsRuns);
    console.log(`strings -a -n 8: ${(mb / bestStrings.seconds).toFixed(0)} MB/s (${bestStrings.seconds.toFixed(2)} s, ${bestStrings.cpuSeconds.toFixed(2)} s CPU)`);
    for (const [label, runs] of [["analyzer (report)", plainRuns], ["analyzer (+ slots, dbsize)", slotRuns]] as const) {
      const run = best(runs);
      console.log(
        `${label}: ${(mb / run.seconds).toFixed(0)} MB/s (${run.seconds.toFixed(2)} s, ${run.cpuSeconds.toFixed(2)} s CPU), ` +
          `${run.strings} strings, ${(bestStrings.seconds / run.seconds).toFixed(1)}× strings (CPU: ${(bestStrings.cpuSeconds / run.cpuSeconds).toFixed(1)}×), ` +
          `peak RSS ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB; median of the rounds' own ratios ${medianRatio(stringsRuns, runs).toFixed(1)}×`,
      );
    }
    const out = runAnalyzer(file, "out");
    console.log(
      `analyzer --out (every string as TSV, to /dev/null): ${(mb / out.seconds).toFixed(0)} MB/s (${out.seconds.toFixed(2)} s), ` +
        `${out.strings} strings, peak RSS ${out.rssMb.toFixed(0)} MB`,
    );
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.availableParallelism()} cores`);
    console.log(`verdict: ${best(slotRuns).verdict}`);
    if (best(plainRuns).strings < strings) console.log(`WARNING: found ${best(plainRuns).strings} strings, generated at least ${strings}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--write-core") {
  const { strings } = writeCore(process.argv[3], Number(process.argv[4] ?? 512));
  console.log(`${process.argv[3]}: ${strings} SDS strings`);
} else if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4] as ChildMode);
else await main();
