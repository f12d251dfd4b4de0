import type { Metadata } from "next";
import Link from "next/link";
import { guardPage, currentViewer } from "../_auth/guard-page";
import { loginAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const MESSAGES: Record<string, string> = {
  credentials: "Wrong email or password.",
  rate: "Too many failed sign-ins. Wait 15 minutes and try again.",
};

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  await guardPage("/login");
  const query = await searchParams;
  const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : "");
  const viewer = await currentViewer();
  const error = MESSAGES[text("error")];
  return (
    <div className="narrow-page">
      <div className="page-heading">
        <h1>Sign in</h1>
      </div>
      {viewer.kind === "single-user" && (
        <p className="muted" data-testid="login-single-user">
          No account exists yet, so Casebook runs in single-user mode. Create the first admin on <Link href="/setup">/setup</Link> or with{" "}
          <code>casebook user add --admin</code>.
        </p>
      )}
      {text("expired") && <p className="form-error" role="alert" data-testid="login-expired">Your session has expired; sign in again.</p>}
      {text("denied") && viewer.kind === "user" && (
        <p className="form-error" role="alert" data-testid="login-denied">
          Signed in as {viewer.user.email} ({viewer.user.role}), which cannot open that page. Sign in with another account to continue.
        </p>
      )}
      {error && <p className="form-error" role="alert" data-testid="login-error">{error}</p>}
      <form action={loginAction} className="form-grid compact" data-testid="login-form">
        <input type="hidden" name="next" value={text("next") || "/"} />
        <label className="field">
          <span className="field-label">Email</span>
          <input type="email" name="email" autoComplete="username" required data-testid="login-email" />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input type="password" name="password" autoComplete="current-password" required data-testid="login-password" />
        </label>
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="login-submit">
            Sign in
          </button>
        </div>
      </form>
    </div>
  );
}
