"use client";

import Link from "next/link";
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";
  return (
    <section className="empty-state" role="alert" data-testid="error-page">
      <h1>Something went wrong</h1>
      <p>The page could not be shown. The server log has the details{digest ? ` (reference ${digest})` : ""}.</p>
      <p>
        <button type="button" className="button primary" onClick={() => retry()}>
          Try again
        </button>{" "}
        <Link href="/incidents">Back to incidents</Link>
      </p>
    </section>
  );
}
