/**
 * Safe Git runner for the analyzers. Every call goes through `spawn("git", [...args])` — never a shell —
 * and user-supplied revisions are validated and resolved to full hashes before they reach any other
 * command, so a ref such as "--output=/etc/passwd" can never be parsed as an option.
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError, NotFoundError, UnprocessableError } from "../errors";

/** Config that makes plumbing output independent of the user's ~/.gitconfig (colours, quoting, prefixes). */
const STABLE_CONFIG = [
  "-c", "core.quotepath=off",
  "-c", "color.ui=never",
  "-c", "diff.noprefix=false",
  "-c", "diff.mnemonicPrefix=false",
  "-c", "log.showSignature=false",
  "-c", "core.pager=cat",
];

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.slice(0, 3).join(" ")} failed (exit ${exitCode}): ${stderr.trim().split("\n")[0] ?? ""}`);
  }
}

export interface GitRunOptions {
  /** Written to git's stdin, then stdin is closed. */
  input?: string | Buffer;
  /** Exit codes that are not failures (e.g. 1 for `merge-base --is-ancestor`). */
  okExitCodes?: number[];
}

export interface GitResult {
  stdout: Buffer;
  exitCode: number;
}

function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
    GIT_OPTIONAL_LOCKS: "0",
  };
}

/** Runs `git -C repo <args>` and returns raw stdout; rejects with GitCommandError on a failing exit code. */
export function runGitRaw(repo: string, args: string[], options: GitRunOptions = {}): Promise<GitResult> {
  const fullArgs = ["-C", repo, ...STABLE_CONFIG, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn("git", fullArgs, { env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(error));
    // git may exit before reading all of stdin (e.g. on a bad revision); EPIPE is reported via the exit code.
    child.stdin.on("error", () => undefined);
    child.on("close", (code) => {
      const exitCode = code ?? -1;
      if (exitCode === 0 || options.okExitCodes?.includes(exitCode)) {
        resolve({ stdout: Buffer.concat(out), exitCode });
      } else {
        reject(new GitCommandError(args, code, Buffer.concat(err).toString("utf8")));
      }
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

export async function runGit(repo: string, args: string[], options: GitRunOptions = {}): Promise<string> {
  return (await runGitRaw(repo, args, options)).stdout.toString("utf8");
}

/**
 * Rejects revision strings that could be read as options or that carry control characters.
 * Revision syntax such as `v3.2.8`, `origin/3.2`, `HEAD~2` or a hash stays allowed.
 */
export function assertSafeRef(ref: string, label = "ref"): void {
  if (ref.length === 0) throw new InvalidInputError(`${label} must not be empty`);
  if (ref.startsWith("-")) throw new InvalidInputError(`${label} "${ref}" must not start with "-"`);
  if (/[\s\x00-\x1f\x7f]/.test(ref)) throw new InvalidInputError(`${label} "${ref}" must not contain whitespace or control characters`);
  if (ref.length > 256) throw new InvalidInputError(`${label} is longer than 256 characters`);
}

/**
 * Checks that `repoPath` exists and is a Git work tree or bare repository; returns its absolute path.
 * Missing path → NotFoundError; anything else that git rejects → InvalidInputError.
 */
export async function openRepository(repoPath: string): Promise<string> {
  if (!repoPath || repoPath.includes("\0")) throw new InvalidInputError("repository path must be a non-empty path");
  const absolute = path.resolve(repoPath);
  try {
    const info = await stat(absolute);
    if (!info.isDirectory()) throw new InvalidInputError(`${repoPath} is not a directory`);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new NotFoundError(`repository ${repoPath} does not exist`);
  }
  try {
    await runGit(absolute, ["rev-parse", "--git-dir"]);
  } catch (error) {
    const stderr = error instanceof GitCommandError ? error.stderr : String(error);
    if (/dubious ownership/.test(stderr)) {
      throw new InvalidInputError(`${repoPath} is owned by another user; git refuses it (see "git config safe.directory")`);
    }
    throw new InvalidInputError(`${repoPath} is not a Git repository`);
  }
  return absolute;
}

/** Resolves a user-supplied revision to a full commit hash; unknown revision → NotFoundError. */
export async function resolveCommit(repo: string, ref: string, label = "ref"): Promise<string> {
  assertSafeRef(ref, label);
  try {
    const out = await runGit(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    return out.trim();
  } catch {
    throw new NotFoundError(`unknown ${label} "${ref}" in ${repo}`);
  }
}

/** Reads many blobs (`rev:path` specs) in one `git cat-file --batch` process; missing specs map to null. */
export async function readBlobs(repo: string, specs: string[]): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  const usable = specs.filter((spec) => !spec.includes("\n"));
  for (const spec of specs) if (spec.includes("\n")) result.set(spec, null);
  if (usable.length === 0) return result;
  const { stdout } = await runGitRaw(repo, ["cat-file", "--batch"], { input: `${usable.join("\n")}\n` });
  let offset = 0;
  for (const spec of usable) {
    const headerEnd = stdout.indexOf(0x0a, offset);
    if (headerEnd < 0) throw new UnprocessableError(`git cat-file output ended early at ${spec}`);
    const header = stdout.subarray(offset, headerEnd).toString("utf8");
    offset = headerEnd + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      result.set(spec, null); // "<spec> missing" or "ambiguous"
      continue;
    }
    const size = Number(match[2]);
    result.set(spec, match[1] === "blob" ? stdout.subarray(offset, offset + size).toString("utf8") : null);
    offset += size + 1; // content is followed by a newline
  }
  return result;
}

/** `git merge-base a b`, or null when the histories are unrelated. */
export async function mergeBase(repo: string, a: string, b: string): Promise<string | null> {
  const { stdout, exitCode } = await runGitRaw(repo, ["merge-base", "--end-of-options", a, b], { okExitCodes: [1] });
  return exitCode === 0 ? stdout.toString("utf8").trim() || null : null;
}

/**
 * Streams git's stdout and calls `onRecord` for every `separator`-terminated record as it arrives,
 * so large `git log` outputs are parsed without holding the whole text.
 */
export function streamGitRecords(
  repo: string,
  args: string[],
  separator: string,
  onRecord: (record: string) => void,
  options: GitRunOptions = {},
): Promise<void> {
  const fullArgs = ["-C", repo, ...STABLE_CONFIG, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn("git", fullArgs, { env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const err: Buffer[] = [];
    let pending = "";
    let failed: unknown = null;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      if (failed) return;
      pending += chunk;
      let cut = pending.indexOf(separator);
      let start = 0;
      try {
        while (cut >= 0) {
          onRecord(pending.slice(start, cut));
          start = cut + separator.length;
          cut = pending.indexOf(separator, start);
        }
      } catch (error) {
        failed = error;
        child.kill();
      }
      pending = pending.slice(start);
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(error));
    child.stdin.on("error", () => undefined);
    child.on("close", (code) => {
      if (failed) return reject(failed);
      const exitCode = code ?? -1;
      if (exitCode !== 0 && !options.okExitCodes?.includes(exitCode)) {
        return reject(new GitCommandError(args, code, Buffer.concat(err).toString("utf8")));
      }
      try {
        if (pending.length > 0) onRecord(pending);
      } catch (error) {
        return reject(error);
      }
      resolve();
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
