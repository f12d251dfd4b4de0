import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { ForbiddenError, NotFoundError } from "../errors";
import { parseInput } from "../validation/parse";
import { hashSecret } from "./sessions";
import { isRole, type AccountUser } from "./roles";

/** API tokens: "cb_" + 32 random bytes, shown once; the table keeps the SHA-256 and a display prefix. */
export const tokenCreateSchema = z.object({
  name: z.string().trim().min(1, "a token name is required").max(80),
  scope: z.enum(["read", "write"]).default("read"),
});

export interface TokenSummary {
  id: string;
  name: string;
  scope: "read" | "write";
  prefix: string;
  userEmail: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type TokenRow = { id: string; name: string; scope: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; user: { email: string } };

function toSummary(row: TokenRow): TokenSummary {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope === "write" ? "write" : "read",
    prefix: row.prefix,
    userEmail: row.user.email,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiToken(db: Db, userId: string, input: unknown): Promise<{ token: string; summary: TokenSummary }> {
  const data = parseInput(tokenCreateSchema, input, "token");
  const token = `cb_${randomBytes(32).toString("base64url")}`;
  const row = await db.apiToken.create({
    data: { id: randomUUID(), name: data.name, userId, scope: data.scope, hash: hashSecret(token), prefix: token.slice(0, 10) },
    include: { user: { select: { email: true } } },
  });
  return { token, summary: toSummary(row) };
}

/** Tokens of one user, or of everyone (admins). */
export async function listApiTokens(db: Db, userId: string | null): Promise<TokenSummary[]> {
  const rows = await db.apiToken.findMany({ where: userId ? { userId } : {}, include: { user: { select: { email: true } } }, orderBy: { createdAt: "desc" } });
  return rows.map(toSummary);
}

/** Revokes a token; `ownerId` limits it to the caller's own tokens (null = admin, any token). */
export async function revokeApiToken(db: Db, id: string, ownerId: string | null): Promise<TokenSummary> {
  const row = await db.apiToken.findUnique({ where: { id }, include: { user: { select: { email: true } } } });
  if (!row) throw new NotFoundError(`no API token with id "${id}"`);
  if (ownerId && row.userId !== ownerId) throw new ForbiddenError("you can revoke only your own tokens");
  const updated = await db.apiToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() }, include: { user: { select: { email: true } } } });
  return toSummary(updated);
}

export type TokenLookup =
  | { status: "valid"; user: AccountUser; tokenId: string; scope: "read" | "write" }
  | { status: "revoked"; tokenId: string }
  | { status: "unknown" };

/** Resolves a presented token and records when it was last used. */
export async function lookupApiToken(db: Db, token: string): Promise<TokenLookup> {
  if (!token.startsWith("cb_")) return { status: "unknown" };
  const row = await db.apiToken.findUnique({ where: { hash: hashSecret(token) }, include: { user: true } });
  if (!row) return { status: "unknown" };
  if (row.revokedAt || row.user.disabled) return { status: "revoked", tokenId: row.id };
  await db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  const { user } = row;
  return {
    status: "valid",
    tokenId: row.id,
    scope: row.scope === "write" ? "write" : "read",
    user: { id: user.id, email: user.email, name: user.name, role: isRole(user.role) ? user.role : "viewer" },
  };
}
