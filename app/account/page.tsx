import type { Metadata } from "next";
import { listApiTokens } from "@/lib/auth/tokens";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { getDb } from "@/lib/db/client";
import { guardPage } from "../_auth/guard-page";
import { changePasswordAction, revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./CreateTokenForm";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

const PASSWORD_MESSAGES: Record<string, string> = {
  changed: "Password changed. Other sessions were signed out.",
  "wrong-current": "The current password is wrong.",
  invalid: `The new password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
};

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ password?: string | string[] }> }) {
  const viewer = await guardPage("/account");
  const { password } = await searchParams;
  if (viewer.kind !== "user") {
    return (
      <div className="page-heading">
        <h1>Account</h1>
        <p className="muted">Single-user mode: there are no accounts yet.</p>
      </div>
    );
  }
  const tokens = await listApiTokens(await getDb(), viewer.user.id);
  const message = typeof password === "string" ? PASSWORD_MESSAGES[password] : undefined;
  return (
    <>
      <div className="page-heading">
        <h1>Account</h1>
        <p className="muted" data-testid="account-who">
          {viewer.user.name} · {viewer.user.email} · {viewer.user.role}
        </p>
      </div>
      <section className="page-section">
        <h2>Password</h2>
        {message && <p className={password === "changed" ? "notice" : "form-error"} role="status" data-testid="password-message">{message}</p>}
        <form action={changePasswordAction} className="form-grid compact">
          <label className="field">
            <span className="field-label">Current password</span>
            <input type="password" name="current" required autoComplete="current-password" />
          </label>
          <label className="field">
            <span className="field-label">New password</span>
            <input type="password" name="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" />
          </label>
          <div className="form-actions">
            <button type="submit" className="button">Change password</button>
          </div>
        </form>
      </section>
      <section className="page-section">
        <h2>API tokens</h2>
        <p className="muted">
          For the CLI (<code>--token</code> or <code>CASEBOOK_TOKEN</code>) and integrations (<code>Authorization: Bearer …</code>). Read tokens cannot change anything.
        </p>
        <CreateTokenForm />
        <table className="data-table" data-testid="token-table">
          <thead>
            <tr><th>Name</th><th>Token</th><th>Scope</th><th>Created</th><th>Last used</th><th /></tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td><code>{token.prefix}…</code></td>
                <td>{token.scope}</td>
                <td>{token.createdAt.slice(0, 16).replace("T", " ")}</td>
                <td>{token.lastUsedAt ? token.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</td>
                <td>
                  {token.revokedAt ? (
                    <span className="muted">revoked</span>
                  ) : (
                    <form action={revokeTokenAction}>
                      <input type="hidden" name="id" value={token.id} />
                      <button type="submit" className="button small danger">Revoke</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
