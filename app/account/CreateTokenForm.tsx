"use client";

import { useActionState } from "react";
import { createTokenAction, type TokenFormState } from "./actions";

/** New API token: the secret appears here once and is never shown again. */
export function CreateTokenForm() {
  const [state, action, pending] = useActionState<TokenFormState, FormData>(createTokenAction, {});
  return (
    <form action={action} className="inline-form" data-testid="token-form">
      <label className="field">
        <span className="field-label">Token name</span>
        <input type="text" name="name" required maxLength={80} placeholder="e.g. laptop CLI" data-testid="token-name" />
      </label>
      <label className="field">
        <span className="field-label">Scope</span>
        <select name="scope" defaultValue="read" data-testid="token-scope">
          <option value="read">read</option>
          <option value="write">write</option>
        </select>
      </label>
      <button type="submit" className="button" disabled={pending} data-testid="token-create">
        Create token
      </button>
      {state.error && <p className="form-error" role="alert">{state.error}</p>}
      {state.token && (
        <p className="notice" data-testid="token-secret-notice">
          Token “{state.name}”: <code data-testid="token-secret">{state.token}</code> — copy it now; it will not be shown again.
        </p>
      )}
    </form>
  );
}
