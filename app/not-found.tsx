import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty-state" data-testid="not-found">
      <h1>Not found</h1>
      <p>There is nothing at this address — the incident or lesson may have been renamed or deleted.</p>
      <p>
        <Link href="/incidents">Browse incidents</Link> or <Link href="/lessons">browse lessons</Link>.
      </p>
    </section>
  );
}
