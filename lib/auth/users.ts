import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { parseInput } from "../validation/parse";
import { hashPassword, passwordProblem } from "./passwords";
import { ROLES, isRole, type AccountUser, type Role } from "./roles";

export const userCreateSchema = z.object({
  email: z.string().trim().toLowerCase().email("a valid email address is required").max(200),
  name: z.string().trim().max(120).default(""),
  role: z.enum(ROLES).default("viewer"),
  password: z.string(),
});

export interface UserSummary extends AccountUser {
  disabled: boolean;
  createdAt: string;
}

type UserRow = { id: string; email: string; name: string; role: string; disabled: boolean; createdAt: Date };

export function toUserSummary(row: UserRow): UserSummary {
  return { id: row.id, email: row.email, name: row.name, role: isRole(row.role) ? row.role : "viewer", disabled: row.disabled, createdAt: row.createdAt.toISOString() };
}

/** True once any account exists: from then on every page and endpoint needs a signed-in user. */
export async function accountsExist(db: Db): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

function checkPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw new InvalidInputError(problem);
}

export async function createUser(db: Db, input: unknown): Promise<UserSummary> {
  const data = parseInput(userCreateSchema, input, "user");
  checkPassword(data.password);
  const passwordHash = await hashPassword(data.password);
  if (await db.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw new ConflictError(`an account with email "${data.email}" already exists`);
  }
  const row = await db.user.create({ data: { id: randomUUID(), email: data.email, name: data.name || data.email.split("@")[0], role: data.role, passwordHash } });
  return toUserSummary(row);
}

/** The first admin: only while no account exists (setup page, `casebook user add --admin`). */
export async function createFirstAdmin(db: Db, input: { email: string; name?: string; password: string }): Promise<UserSummary> {
  if (await accountsExist(db)) throw new ConflictError("an account already exists; sign in as an admin to add users");
  return createUser(db, { ...input, role: "admin" });
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  return (await db.user.findMany({ orderBy: { email: "asc" } })).map(toUserSummary);
}

export async function findUserByEmail(db: Db, email: string) {
  const row = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!row) throw new NotFoundError(`no account with email "${email}"`);
  return row;
}

async function activeAdminCount(db: Db, exceptId: string): Promise<number> {
  return db.user.count({ where: { role: "admin", disabled: false, id: { not: exceptId } } });
}

export async function setUserRole(db: Db, email: string, role: string): Promise<UserSummary> {
  if (!isRole(role)) throw new InvalidInputError(`role must be one of ${ROLES.join(", ")}, got "${role}"`);
  const user = await findUserByEmail(db, email);
  if (user.role === "admin" && role !== "admin" && (await activeAdminCount(db, user.id)) === 0) {
    throw new ConflictError("this is the last active admin; make someone else admin first");
  }
  return toUserSummary(await db.user.update({ where: { id: user.id }, data: { role: role as Role } }));
}

/** Disabling also ends the user's sessions; their tokens stop working because lookups check `disabled`. */
export async function setUserDisabled(db: Db, email: string, disabled: boolean): Promise<UserSummary> {
  const user = await findUserByEmail(db, email);
  if (disabled && user.role === "admin" && (await activeAdminCount(db, user.id)) === 0) {
    throw new ConflictError("this is the last active admin; it cannot be disabled");
  }
  const row = await db.user.update({ where: { id: user.id }, data: { disabled } });
  if (disabled) await db.session.deleteMany({ where: { userId: user.id } });
  return toUserSummary(row);
}

/** New password; every existing session of the user ends (they sign in again). */
export async function setUserPassword(db: Db, userId: string, password: string): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.$transaction([db.user.update({ where: { id: userId }, data: { passwordHash } }), db.session.deleteMany({ where: { userId } })]);
}
