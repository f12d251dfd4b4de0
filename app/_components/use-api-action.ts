"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { toApiError, type ApiError } from "./api-client";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/**
 * Runs one API call for a form or button: tracks pending state, keeps the last error for display,
 * and refreshes the server-rendered page after a success (so lists and the board update).
 */
export function useApiAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = useCallback(
    async <T,>(call: () => Promise<T>, options: { refresh?: boolean } = {}): Promise<ActionResult<T>> => {
      setPending(true);
      setError(null);
      try {
        const data = await call();
        if (options.refresh !== false) router.refresh();
        return { ok: true, data };
      } catch (caught) {
        const apiError = toApiError(caught);
        setError(apiError);
        return { ok: false, error: apiError };
      } finally {
        setPending(false);
      }
    },
    [router],
  );

  return { pending, error, setError, run };
}
