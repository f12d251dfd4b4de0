/**
 * Backport-scan benchmark: builds a 12,000-commit repository with `git fast-import` (unstable plus
 * five release lines with -rc and patch tags, 60 fixes cherry-picked onto every older line under new
 * hashes, pattern-matching noise, and a fork of 3.2.8), then times scanBackports() against the
 * 10 s target. Run: npx tsx bench/backport-scan.ts [--keep]
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { scanBackports } from "../lib/analyzers/backports/scan";

const TARGET_SECONDS = 10;
const TOTAL_COMMITS = 12_000;
const UNSTABLE_COMMITS = 8_170;
const LINE_COMMITS = 700;
const LINES = ["3.2", "4.0", "5.0", "6.0", "7.0"];
const BRANCH_POINTS = [1000, 2400, 3800, 5200, 6600];
const FIX_COUNT = 60;
const MODULES = 200;
const FUNCTIONS_PER_MODULE = 10;
const FORK_COMMITS = 100;

type Files = Map<string, string[]>;

function moduleSource(module: number): string[] {
  const lines = [`#include "server.h"`, ""];
  for (let f = 0; f < FUNCTIONS_PER_MODULE; f++) {
    lines.push(`int module${module}Function${f}(client *c) {`, `    int version = 0;`, `    return process(c, version);`, `}`, "");
  }
  return lines;
}

function fixSource(fix: number): string[] {
  const fd = fix % 3 === 0;
  return fd
    ? [`#include "anet.h"`, "", `int fixTarget${fix}(const char *path) {`, `    int fd = open(path, O_RDONLY);`, `    if (probe(fd) < 0)`, `        return -1;`, `    return fd;`, `}`, ""]
    : [`#include "server.h"`, "", `void fixTarget${fix}(client *c) {`, `    char *scratch = zmalloc(64);`, `    fill(c, scratch);`, `    reply(c, scratch);`, `}`, ""];
}

function applyFix(lines: string[], fix: number): string[] {
  const copy = [...lines];
  if (fix % 3 === 0) copy.splice(copy.indexOf("        return -1;"), 0, "        close(fd);");
  else copy.splice(copy.indexOf("    reply(c, scratch);") + 1, 0, "    zfree(scratch);");
  return copy;
}

/** Generates the fast-import stream and the facts needed to check the scan result. */
function generateStream(): { stream: string; commits: number; fixesAfterDeployed: number } {
  const out: string[] = [];
  let mark = 0;
  let time = 1_400_000_000;
  const tips = new Map<string, number>();
  const state = new Map<string, Files>();
  let commits = 0;

  const commit = (branch: string, message: string, changes: Array<[string, string[]]>, from?: number): number => {
    mark++;
    commits++;
    time += 600;
    const files = state.get(branch)!;
    out.push(`commit refs/heads/${branch}`, `mark :${mark}`, `author Bench <bench@casebook.invalid> ${time} +0000`, `committer Bench <bench@casebook.invalid> ${time} +0000`);
    out.push(`data ${Buffer.byteLength(message)}`, message);
    if (from !== undefined) out.push(`from :${from}`);
    for (const [file, lines] of changes) {
      files.set(file, lines);
      const content = `${lines.join("\n")}\n`;
      out.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(content)}`, content);
    }
    out.push("");
    tips.set(branch, mark);
    return mark;
  };
  const tag = (name: string, at: number) => out.push(`reset refs/tags/${name}`, `from :${at}`, "");
  const branchFrom = (branch: string, parent: string) => state.set(branch, new Map(state.get(parent)!));

  state.set("unstable", new Map());
  const initial: Array<[string, string[]]> = [];
  for (let m = 0; m < MODULES; m++) initial.push([`src/m${m % 20}/module${m}.c`, moduleSource(m)]);
  for (let f = 0; f < FIX_COUNT; f++) initial.push([`src/fix${f}.c`, fixSource(f)]);
  commit("unstable", "Initial import", initial);

  const edit = (branch: string, counter: number, message: string) => {
    const module = (counter * 7919) % MODULES;
    const fn = (counter * 104729) % FUNCTIONS_PER_MODULE;
    const file = `src/m${module % 20}/module${module}.c`;
    const lines = [...state.get(branch)!.get(file)!];
    lines[2 + fn * 5 + 1] = `    int version = ${counter};`;
    return commit(branch, message, [[file, lines]]);
  };
  const noiseMessage = (counter: number, where: string) =>
    counter % 37 === 0
      ? `Optimize memory usage of module ${counter % MODULES} (${where})`
      : counter % 53 === 0
        ? `Fix integer overflow in range parsing (${where})`
        : `Refactor module ${counter % MODULES} step ${counter} (${where})`;

  const lineCount = new Map<string, number>();
  const fixSteps = Array.from({ length: FIX_COUNT }, (_, f) => 1200 + Math.floor((f * (UNSTABLE_COMMITS - 1300)) / FIX_COUNT));
  const fixed = new Map<string, Set<number>>(); // branch -> fixes applied
  let deployedMark = 0;
  let deployedTime = 0;
  let deployedFiles: Files = new Map();
  const fixTimes: number[] = [];

  for (let step = 1; step < UNSTABLE_COMMITS; step++) {
    edit("unstable", step, noiseMessage(step, "unstable"));
    const fixIndex = fixSteps.indexOf(step);
    if (fixIndex >= 0) {
      const file = `src/fix${fixIndex}.c`;
      const kind = fixIndex % 3 === 0 ? "fd leak" : "memory leak";
      const message = `Fix ${kind} in fixTarget${fixIndex}()`;
      commit("unstable", message, [[file, applyFix(state.get("unstable")!.get(file)!, fixIndex)]]);
      fixTimes.push(time);
      for (const line of LINES) {
        if (!state.has(line) || fixed.get(line)?.has(fixIndex)) continue;
        commit(line, `${message}\n\nBackported to ${line}.`, [[file, applyFix(state.get(line)!.get(file)!, fixIndex)]]);
        fixed.get(line)!.add(fixIndex);
      }
    }
    LINES.forEach((line, i) => {
      if (step === BRANCH_POINTS[i]) {
        branchFrom(line, "unstable");
        fixed.set(line, new Set(fixTimes.map((_, f) => f)));
        lineCount.set(line, 0);
        const at = commit(line, `Release branch ${line}`, [], tips.get("unstable"));
        tag(`${line}-rc1`, at);
        return;
      }
      if (!state.has(line)) return;
      const every = Math.max(1, Math.floor((UNSTABLE_COMMITS - BRANCH_POINTS[i]) / LINE_COMMITS));
      const count = lineCount.get(line)!;
      if ((step - BRANCH_POINTS[i]) % every !== 0 || count >= LINE_COMMITS) return;
      const at = edit(line, 100_000 + step, noiseMessage(step + i, line));
      lineCount.set(line, count + 1);
      if (count === 10) tag(`${line}-rc2`, at);
      if (count >= 20 && (count - 20) % 50 === 0) {
        const name = `${line}.${(count - 20) / 50}`;
        tag(name, at);
        if (name === "3.2.8") {
          deployedMark = at;
          deployedTime = time;
          deployedFiles = new Map(state.get(line)!);
        }
      }
    });
  }

  // The fork of 3.2.8: its own edits, some in the functions of fixes it lacks.
  state.set("fork", deployedFiles);
  commit("fork", "Fork: start from 3.2.8", [], deployedMark);
  for (let k = 0; k < FORK_COMMITS; k++) {
    if (k % 10 === 0) {
      const fix = FIX_COUNT - 1 - k / 10;
      const file = `src/fix${fix}.c`;
      const lines = [...state.get("fork")!.get(file)!];
      lines.splice(3, 0, `    trace("fork ${k}");`);
      commit("fork", `Fork: trace fixTarget${fix}`, [[file, lines]]);
    } else {
      edit("fork", 500_000 + k, `Fork: custom change ${k}`);
    }
  }
  const fixesAfterDeployed = fixTimes.filter((t) => t > deployedTime).length;
  return { stream: `${out.join("\n")}\n`, commits, fixesAfterDeployed };
}

function fastImport(dir: string, stream: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["fast-import", "--quiet"], { cwd: dir, stdio: ["pipe", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited with ${code}`))));
    child.stdin.end(stream);
  });
}

async function main() {
  const keep = process.argv.includes("--keep");
  const dir = await mkdtemp(path.join(tmpdir(), "casebook-bench-backports-"));
  try {
    const buildStart = performance.now();
    await new Promise<void>((resolve, reject) => {
      const init = spawn("git", ["init", "-q", "-b", "unstable", dir], { stdio: "inherit" });
      init.on("close", (code) => (code === 0 ? resolve() : reject(new Error("git init failed"))));
    });
    const { stream, commits, fixesAfterDeployed } = generateStream();
    const generated = performance.now();
    await fastImport(dir, stream);
    console.log(`generated the fast-import stream (${(stream.length / 1e6).toFixed(1)} MB) in ${((generated - buildStart) / 1000).toFixed(1)} s`);
    console.log(`built ${commits} commits (${LINES.length} release lines, ${FIX_COUNT} fixes, fork of 3.2.8) in ${((performance.now() - buildStart) / 1000).toFixed(1)} s at ${dir}`);

    const runs: number[] = [];
    let last: Awaited<ReturnType<typeof scanBackports>> | null = null;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      last = await scanBackports({ repo: dir, deployed: "3.2.8", fork: "fork" });
      runs.push((performance.now() - start) / 1000);
    }
    const result = last!;
    const realMissing = result.fixes.filter((fix) => /^Fix (fd|memory) leak in fixTarget/.test(fix.subject));
    const realPresent = result.present.filter((fix) => /^Fix (fd|memory) leak in fixTarget/.test(fix.subject));
    const overlapping = realMissing.filter((fix) => (fix.forkOverlap?.functions.length ?? 0) > 0);
    console.log(`scanned ${result.stats.commitsScanned} commits, ${result.stats.candidates} candidates; phases ${JSON.stringify(result.stats.timingsMs)}`);
    console.log(
      `fixes missing from 3.2.8: ${realMissing.length} (expected ${fixesAfterDeployed}), present: ${realPresent.length} (expected ${FIX_COUNT - fixesAfterDeployed}), ` +
        `fork overlap on ${overlapping.length}, kinds ${JSON.stringify(countKinds(realMissing.map((fix) => fix.kind)))}; other candidates ${result.fixes.length - realMissing.length}`,
    );
    const median = [...runs].sort((a, b) => a - b)[1];
    console.log(`backport scan (${TOTAL_COMMITS} commits): runs ${runs.map((r) => r.toFixed(2)).join(" / ")} s; median ${median.toFixed(2)} s vs target ${TARGET_SECONDS} s — ${median <= TARGET_SECONDS ? "OK" : "TOO SLOW"}`);
    if (realMissing.length !== fixesAfterDeployed || realPresent.length !== FIX_COUNT - fixesAfterDeployed) process.exitCode = 1;
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

function countKinds(kinds: string[]): Record<string, number> {
  return kinds.reduce<Record<string, number>>((acc, kind) => ({ ...acc, [kind]: (acc[kind] ?? 0) + 1 }), {});
}

await main();
