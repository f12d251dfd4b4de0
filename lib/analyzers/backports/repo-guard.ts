/**
 * Server-side guard for repository paths: the API may only read repositories under the directories
 * listed in CASEBOOK_REPO_ROOTS (colon-separated). Both sides are resolved with realpath, so neither
 * `..` segments nor symlinks can lead outside a root. The CLI does not apply this guard.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../../errors";

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

async function resolveRoots(env: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  const configured = (env.CASEBOOK_REPO_ROOTS ?? "")
    .split(":")
    .map((root) => root.trim())
    .filter((root) => root.length > 0 && path.isAbsolute(root));
  const resolved: string[] = [];
  for (const root of configured) {
    try {
      resolved.push(await realpath(root));
    } catch {
      // A configured root that does not exist grants nothing.
    }
  }
  return resolved;
}

/**
 * Returns the real path of `repoPath` when it lies under an allowed root; ForbiddenError otherwise
 * (also when no root is configured), NotFoundError for a missing path inside a root.
 */
export async function assertRepoAllowed(repoPath: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  if (typeof repoPath !== "string" || repoPath.length === 0 || repoPath.includes("\0")) {
    throw new InvalidInputError("repository path must be a non-empty string");
  }
  if (!path.isAbsolute(repoPath)) throw new InvalidInputError("repository path must be absolute");
  if (repoPath.split(/[\\/]+/).includes("..")) throw new ForbiddenError("repository path must not contain \"..\" segments");
  const roots = await resolveRoots(env);
  if (roots.length === 0) throw new ForbiddenError("repository access is disabled on this server (CASEBOOK_REPO_ROOTS is not set)");
  const lexical = path.resolve(repoPath);
  if (!roots.some((root) => isInside(root, lexical)) && !lexicallyInsideConfigured(lexical, env)) {
    throw new ForbiddenError(`repository ${repoPath} is outside the allowed roots`);
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    throw new NotFoundError(`repository ${repoPath} does not exist`);
  }
  if (!roots.some((root) => isInside(root, real))) {
    throw new ForbiddenError(`repository ${repoPath} resolves outside the allowed roots`);
  }
  return real;
}

/** The configured spelling of a root may itself be a symlink (e.g. /srv → /data/srv). */
function lexicallyInsideConfigured(candidate: string, env: Readonly<Record<string, string | undefined>>): boolean {
  return (env.CASEBOOK_REPO_ROOTS ?? "")
    .split(":")
    .filter((root) => root.trim() && path.isAbsolute(root.trim()))
    .some((root) => isInside(path.resolve(root.trim()), candidate));
}
