/**
 * Dynamic proof that the fixtures mean what the static review says: the ownership flip with the
 * unchanged caller really leaks (valgrind: "definitely lost"), the allocate-and-free twin and the
 * borrowed original do not, and the double-free flip really frees twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { OWNERSHIP_FIXTURES } from "../../fixtures/git/ownership-repo";

const run = promisify(execFile);

function findTool(candidates: string[]): string | null {
  for (const tool of candidates) {
    try {
      execFileSync(tool, ["--version"], { stdio: "ignore" });
      return tool;
    } catch {
      // try the next one
    }
  }
  return null;
}

const compiler = findTool(["cc", "gcc", "clang"]);
const valgrind = findTool(["valgrind"]);
const missing = [compiler ? null : "a C compiler (cc/gcc/clang)", valgrind ? null : "valgrind"].filter(Boolean).join(" and ");
const LEAK_EXIT = 97;

let workdir: string;

async function build(name: string, sources: string[]): Promise<string> {
  const output = path.join(workdir, name);
  await run(compiler!, ["-g", "-O0", "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-o", output, ...sources.map((s) => path.join(OWNERSHIP_FIXTURES, s))]);
  return output;
}

async function underValgrind(binary: string): Promise<{ code: number; report: string }> {
  try {
    const { stderr } = await run(valgrind!, ["--leak-check=full", "--errors-for-leak-kinds=definite", `--error-exitcode=${LEAK_EXIT}`, binary]);
    return { code: 0, report: stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, report: failed.stderr ?? "" };
  }
}

describe.skipIf(missing !== "")(`fixtures under valgrind${missing ? ` (skipped: ${missing} not installed)` : ""}`, () => {
  beforeAll(async () => {
    workdir = await mkdtemp(path.join(tmpdir(), "casebook-valgrind-"));
  });
  afterAll(async () => {
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  const slotProgram = (db: string, cluster: string) => ["main-slots.c", "object.c", "reply.c", db, cluster];

  it("the ownership flip with the unchanged caller leaks: definitely lost", async () => {
    const { code, report } = await underValgrind(await build("flip", slotProgram("db.head.c", "cluster.c")));
    expect(code).toBe(LEAK_EXIT);
    expect(report).toMatch(/definitely lost: [1-9][\d,]* bytes in [1-9]\d* blocks/);
    expect(report).toMatch(/createStringObject/);
  });

  it("the allocate-and-free twin (caller releases) and the borrowed original do not leak", async () => {
    for (const [name, db, cluster] of [["twin", "db.head.c", "cluster.fixed.c"], ["borrowed", "db.base.c", "cluster.c"]]) {
      const { code, report } = await underValgrind(await build(name, slotProgram(db, cluster)));
      expect({ name, code }).toEqual({ name, code: 0 });
      expect(report).toMatch(/All heap blocks were freed -- no leaks are possible/);
    }
  });

  it("the double-free flip frees twice; its base does not", async () => {
    const flipped = await underValgrind(await build("double-free", ["main-keys.c", "object.c", "reply.c", "keyreply.head.c", "keys.c"]));
    expect(flipped.code).toBe(LEAK_EXIT);
    expect(flipped.report).toMatch(/Invalid (read|write|free)/);
    const base = await underValgrind(await build("double-free-base", ["main-keys.c", "object.c", "reply.c", "keyreply.base.c", "keys.c"]));
    expect(base.code).toBe(0);
  });
});
