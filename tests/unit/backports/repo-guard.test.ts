import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { assertRepoAllowed } from "@/lib/analyzers/backports/repo-guard";

let base: string;
let rootA: string;
let rootB: string;
let outside: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), "casebook-guard-"));
  rootA = path.join(base, "repos-a");
  rootB = path.join(base, "repos-b");
  outside = path.join(base, "secret");
  await mkdir(path.join(rootA, "redis"), { recursive: true });
  await mkdir(rootB, { recursive: true });
  await mkdir(outside, { recursive: true });
  await symlink(outside, path.join(rootA, "escape"));
  await symlink(path.join(rootA, "redis"), path.join(rootB, "redis-link"));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("assertRepoAllowed", () => {
  const env = () => ({ CASEBOOK_REPO_ROOTS: `${rootA}:${rootB}` });

  it("allows paths under a configured root and returns the real path", async () => {
    await expect(assertRepoAllowed(path.join(rootA, "redis"), env())).resolves.toBe(path.join(rootA, "redis"));
    await expect(assertRepoAllowed(path.join(rootB, "redis-link"), env())).resolves.toBe(path.join(rootA, "redis"));
  });

  it("rejects paths outside the roots, .. segments and symlink escapes with 403", async () => {
    await expect(assertRepoAllowed(outside, env())).rejects.toThrow(ForbiddenError);
    await expect(assertRepoAllowed(path.join(rootA, "..", "secret"), env())).rejects.toThrow(ForbiddenError);
    await expect(assertRepoAllowed(`${rootA}/redis/../../secret`, env())).rejects.toThrow(ForbiddenError);
    await expect(assertRepoAllowed(path.join(rootA, "escape"), env())).rejects.toThrow(/resolves outside/);
    await expect(assertRepoAllowed(`${rootA}-evil`, env())).rejects.toThrow(ForbiddenError);
  });

  it("refuses everything when no root is configured", async () => {
    await expect(assertRepoAllowed(path.join(rootA, "redis"), {})).rejects.toThrow(/CASEBOOK_REPO_ROOTS/);
    const error = await assertRepoAllowed(path.join(rootA, "redis"), { CASEBOOK_REPO_ROOTS: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).status).toBe(403);
  });

  it("distinguishes a missing repository inside a root and malformed paths", async () => {
    await expect(assertRepoAllowed(path.join(rootA, "missing"), env())).rejects.toThrow(NotFoundError);
    await expect(assertRepoAllowed("relative/path", env())).rejects.toThrow(InvalidInputError);
    await expect(assertRepoAllowed(`${rootA}/x\0y`, env())).rejects.toThrow(InvalidInputError);
  });
});
