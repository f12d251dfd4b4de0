import type { Metadata } from "next";
import Link from "next/link";
import { ROLES } from "@/lib/auth/roles";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { guardPage } from "../../_auth/guard-page";
import { addUserAction, resetPasswordAction, setDisabledAction, setRoleAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<{ error?: string | string[]; done?: string | string[] }> }) {
  await guardPage("/admin/users");
  const { error, done } = await searchParams;
  const users = await listUsers(await getDb());
  return (
    <>
      <div className="page-heading">
        <h1>Users</h1>
        <p className="muted">
          Roles: viewer reads; editor writes incidents, entries, lessons, checklists and runs analyses; admin also manages users, deletes incidents and reads the{" "}
          <Link href="/admin/audit">audit log</Link>.
        </p>
      </div>
      {typeof error === "string" && <p className="form-error" role="alert" data-testid="users-error">{error}</p>}
      {typeof done === "string" && <p className="notice" role="status">Done: {done}</p>}
      <section className="page-section">
        <h2>Add a user</h2>
        <form action={addUserAction} className="inline-form" data-testid="add-user-form">
          <label className="field"><span className="field-label">Email</span><input type="email" name="email" required data-testid="add-user-email" /></label>
          <label className="field"><span className="field-label">Name</span><input type="text" name="name" maxLength={120} data-testid="add-user-name" /></label>
          <label className="field">
            <span className="field-label">Role</span>
            <select name="role" defaultValue="viewer" data-testid="add-user-role">
              {ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
            </select>
          </label>
          <label className="field"><span className="field-label">Password</span><input type="password" name="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" data-testid="add-user-password" /></label>
          <button type="submit" className="button primary" data-testid="add-user-submit">Add user</button>
        </form>
      </section>
      <table className="data-table" data-testid="users-table">
        <thead>
          <tr><th>Email</th><th>Name</th><th>Role</th><th>Status</th><th>Reset password</th></tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row" data-email={user.email}>
              <td>{user.email}</td>
              <td>{user.name}</td>
              <td>
                <form action={setRoleAction} className="inline-form">
                  <input type="hidden" name="email" value={user.email} />
                  <select name="role" defaultValue={user.role} aria-label={`Role of ${user.email}`}>
                    {ROLES.map((role) => <option key={role} value={role}>{role}</option>)}
                  </select>
                  <button type="submit" className="button small">Set</button>
                </form>
              </td>
              <td>
                <form action={setDisabledAction}>
                  <input type="hidden" name="email" value={user.email} />
                  <input type="hidden" name="disabled" value={user.disabled ? "0" : "1"} />
                  {user.disabled ? "disabled " : "active "}
                  <button type="submit" className="button small subtle">{user.disabled ? "Enable" : "Disable"}</button>
                </form>
              </td>
              <td>
                <form action={resetPasswordAction} className="inline-form">
                  <input type="hidden" name="email" value={user.email} />
                  <input type="password" name="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" aria-label={`New password for ${user.email}`} />
                  <button type="submit" className="button small">Reset</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
