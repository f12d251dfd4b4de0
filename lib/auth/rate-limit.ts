import type { Db } from "../db/client";

/**
 * Login rate limiting, counted from the audit log's failed logins: the database already records each
 * failure (issue 8 wants them audited), so counting them costs no extra write, survives restarts and
 * holds across several app processes sharing a database — an in-memory counter would do none of that.
 */
export const LOGIN_LIMIT = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

export interface FailureCounts {
  byIp: number;
  byAccount: number;
}

/** Pure decision: blocked when either the address or the account reached the limit in the window. */
export function loginBlocked(counts: FailureCounts, limit = LOGIN_LIMIT): boolean {
  return counts.byIp >= limit.maxFailures || counts.byAccount >= limit.maxFailures;
}

export async function recentLoginFailures(db: Db, ip: string, email: string, now = new Date(), limit = LOGIN_LIMIT): Promise<FailureCounts> {
  const since = new Date(now.getTime() - limit.windowMs);
  const base = { action: "login", outcome: "failed", at: { gte: since } };
  const [byIp, byAccount] = await Promise.all([
    ip ? db.auditEvent.count({ where: { ...base, ip } }) : Promise.resolve(0),
    db.auditEvent.count({ where: { ...base, targetId: email.trim().toLowerCase() } }),
  ]);
  return { byIp, byAccount };
}
