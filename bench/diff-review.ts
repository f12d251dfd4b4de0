/**
 * Diff-review benchmark: generates C sources at two revisions (functions that change, ownership
 * flips with unchanged callers, allocate-and-free functions), produces a ~5,000-line unified diff
 * with `git diff --no-index`, and times reviewDiff() on the pasted diff (target 2 s) and, for
 * information, on the repository (whole files at both refs, callers checked).
 * Run: npx tsx bench/diff-review.ts
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { reviewDiff } from "../lib/analyzers/diff-review/review";

const run = promisify(execFile);
const TARGET_SECONDS = 2;
const TARGET_LINES = 5_000;
const FILES = 29;
const FUNCTIONS_PER_FILE = 14;

function functionSource(file: number, fn: number, head: boolean): string {
  const name = `collect${file}_${fn}`;
  const flip = fn % 7 === 3; // borrowed → owned through the out-parameter
  const scratch = fn % 5 === 1; // allocate-and-free inside the function
  const lines = [
    `/* Fills out[] with up to count items of bucket ${fn}. */`,
    `unsigned int ${name}(struct bucket *b, robj **out, unsigned int count)`,
    `{`,
    `    unsigned int j = 0;`,
    `    struct node *n = b->head;`,
    ``,
    `    while (n && count--) {`,
    flip && head ? `        out[j++] = createStringObject(n->key, n->len);` : `        out[j++] = n->obj;`,
    `        n = n->next;`,
    `    }`,
  ];
  if (head) {
    lines.push(`    if (j > ${fn + 1}) {`, `        stats.collected${fn % 3} += j;`, `        traceCollect(b, j, "${name}");`, `    }`);
  }
  if (scratch && head) {
    lines.push(`    sds note = sdsnew("bucket");`, `    logBucket(b, note);`, `    sdsfree(note);`);
  }
  lines.push(`    return j;`, `}`, ``);
  lines.push(
    `void reply${file}_${fn}(client *c, struct bucket *b)`,
    `{`,
    `    robj **items = zmalloc(sizeof(robj *) * 16);`,
    `    unsigned int n = ${name}(b, items, 16), j;`,
    ``,
    `    addReplyArrayLen(c, n);`,
    `    for (j = 0; j < n; j++) addReplyBulk(c, items[j]);`,
    `    zfree(items);`,
    `}`,
    ``,
  );
  return lines.join("\n");
}

function fileSource(file: number, head: boolean): string {
  const parts = [`#include "server.h"`, ``];
  for (let fn = 0; fn < FUNCTIONS_PER_FILE; fn++) parts.push(functionSource(file, fn, head));
  return parts.join("\n");
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", ["-c", "user.name=Bench", "-c", "user.email=bench@casebook.invalid", ...args], {
    cwd,
    maxBuffer: 512 * 1024 * 1024,
  });
  return stdout;
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), "casebook-bench-diff-"));
  try {
    await git(dir, ["init", "-q"]);
    await mkdir(path.join(dir, "src"));
    for (let file = 0; file < FILES; file++) await writeFile(path.join(dir, "src", `bucket${file}.c`), fileSource(file, false));
    await git(dir, ["add", "-A"]);
    await git(dir, ["commit", "-q", "-m", "base"]);
    for (let file = 0; file < FILES; file++) await writeFile(path.join(dir, "src", `bucket${file}.c`), fileSource(file, true));
    await git(dir, ["commit", "-q", "-am", "head"]);
    const diffText = await git(dir, ["diff", "HEAD~1", "HEAD"]);
    const diffLines = diffText.split("\n").length - 1;

    const timings: number[] = [];
    let findings = 0;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const result = await reviewDiff({ diffText });
      timings.push((performance.now() - start) / 1000);
      findings = result.findings.length;
    }
    const median = [...timings].sort((a, b) => a - b)[1];
    const expectedFlips = FILES * Array.from({ length: FUNCTIONS_PER_FILE }, (_, fn) => fn).filter((fn) => fn % 7 === 3).length;
    console.log(`diff: ${diffLines} lines (target size ${TARGET_LINES}), ${FILES} files; ownership flips planted: ${expectedFlips}, findings: ${findings}`);
    console.log(`diff review (pasted diff): runs ${timings.map((t) => t.toFixed(3)).join(" / ")} s; median ${median.toFixed(3)} s vs target ${TARGET_SECONDS} s — ${median <= TARGET_SECONDS ? "OK" : "TOO SLOW"}`);

    const repoStart = performance.now();
    const repoResult = await reviewDiff({ repo: dir, base: "HEAD~1", head: "HEAD" });
    const unupdated = repoResult.findings.flatMap((f) => f.callers.filter((c) => !c.releases)).length;
    console.log(
      `diff review (repository, callers checked): ${((performance.now() - repoStart) / 1000).toFixed(3)} s; findings ${repoResult.findings.length}, callers not releasing ${unupdated} (informational, no target)`,
    );
    if (findings !== expectedFlips || repoResult.findings.length !== expectedFlips) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
