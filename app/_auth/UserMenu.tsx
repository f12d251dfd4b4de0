import Link from "next/link";
import type { Viewer } from "@/lib/auth/roles";

/** Signed-in user's name, account and admin links, and sign-out (a POST, so a link cannot sign anyone out). */
export function UserMenu({ viewer }: { viewer: Viewer }) {
  if (viewer.kind !== "user") return null;
  return (
    <div className="user-menu" data-testid="user-menu">
      <Link href="/account" data-testid="user-menu-account">
        {viewer.user.name || viewer.user.email}
      </Link>
      {viewer.user.role === "admin" && (
        <>
          <Link href="/admin/users">Users</Link>
          <Link href="/admin/audit">Audit</Link>
        </>
      )}
      <form method="post" action="/logout">
        <button type="submit" className="button small subtle" data-testid="logout">
          Sign out
        </button>
      </form>
    </div>
  );
}

export function SingleUserBanner({ viewer }: { viewer: Viewer }) {
  if (viewer.kind !== "single-user") return null;
  return (
    <div className="single-user-banner no-print" role="note" data-testid="single-user-banner">
      Single-user mode — create the first admin with <code>casebook user add --admin</code> or <Link href="/setup">/setup</Link>
    </div>
  );
}
