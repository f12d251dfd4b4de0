import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { assertSafeRef, readBlobs, resolveCommit, runGit, streamGitRecords } from "@/lib/analyzers/git";
import { TempRepo } from "../../fixtures/git/temp-repo";

let repo: TempRepo;
let first: string;

beforeAll(async () => {
  repo = await TempRepo.create("casebook-git-runner-");
  first = await repo.commit("first", { "a.txt": "one\n", "dir/b.txt": "two\n" });
  await repo.commit("second", { "a.txt": "one\nmore\n" });
});

afterAll(async () => {
  await repo?.cleanup();
});

describe("safe git runner", () => {
  it("rejects refs that could be parsed as options or carry control characters", () => {
    expect(() => assertSafeRef("--upload-pack=touch /tmp/x")).toThrow(InvalidInputError);
    expect(() => assertSafeRef("-n")).toThrow(InvalidInputError);
    expect(() => assertSafeRef("main\nHEAD")).toThrow(InvalidInputError);
    expect(() => assertSafeRef("a b")).toThrow(InvalidInputError);
    expect(() => assertSafeRef("v3.2.8")).not.toThrow();
    expect(() => assertSafeRef("origin/3.2~2")).not.toThrow();
  });

  it("resolves revisions to full hashes and reports unknown ones as NotFound", async () => {
    await expect(resolveCommit(repo.dir, "HEAD~1")).resolves.toBe(first);
    await expect(resolveCommit(repo.dir, "no-such-branch")).rejects.toThrow(NotFoundError);
    // Passed as data, never as a shell word: metacharacters are just an unknown ref.
    await expect(resolveCommit(repo.dir, "HEAD;touch${IFS}/tmp/casebook-pwned")).rejects.toThrow(NotFoundError);
  });

  it("reads many blobs in one cat-file process and streams records", async () => {
    const blobs = await readBlobs(repo.dir, [`${first}:a.txt`, "HEAD:a.txt", "HEAD:dir/b.txt", "HEAD:missing.txt"]);
    expect([...blobs.values()]).toEqual(["one\n", "one\nmore\n", "two\n", null]);
    const subjects: string[] = [];
    await streamGitRecords(repo.dir, ["log", "--format=%s%x1e"], "\x1e", (record) => subjects.push(record.trim()));
    expect(subjects.filter(Boolean)).toEqual(["second", "first"]);
    await expect(runGit(repo.dir, ["rev-parse", "--verify", "nothing"])).rejects.toThrow(/git rev-parse/);
  });
});
