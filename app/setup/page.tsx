import type { Metadata } from "next";
import { guardPage } from "../_auth/guard-page";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { setupAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "First admin" };

/** First run: only while no account exists and only from this machine (guardPage answers 404 otherwise). */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  await guardPage("/setup");
  const { error } = await searchParams;
  return (
    <div className="narrow-page">
      <div className="page-heading">
        <h1>Create the first admin</h1>
        <p className="muted">After this, everyone signs in: pages and the API need an account, and the admin adds the others.</p>
      </div>
      {typeof error === "string" && <p className="form-error" role="alert" data-testid="setup-error">{error}</p>}
      <form action={setupAction} className="form-grid compact" data-testid="setup-form">
        <label className="field">
          <span className="field-label">Email</span>
          <input type="email" name="email" required autoComplete="username" data-testid="setup-email" />
        </label>
        <label className="field">
          <span className="field-label">Name</span>
          <input type="text" name="name" maxLength={120} data-testid="setup-name" />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input type="password" name="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" data-testid="setup-password" />
          <span className="field-hint">At least {MIN_PASSWORD_LENGTH} characters.</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="setup-submit">
            Create admin and sign in
          </button>
        </div>
      </form>
    </div>
  );
}
