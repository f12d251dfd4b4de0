import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuthorNameField } from "./_components/AuthorNameField";
import { MainNav } from "./_components/MainNav";
import { currentViewer } from "./_auth/guard-page";
import { SingleUserBanner, UserMenu } from "./_auth/UserMenu";
import "./globals.css";
import "./_components/styles/forms.css";
import "./_components/styles/tables-badges.css";
import "./_components/styles/incident.css";
import "./_components/styles/board-and-documents.css";
import "./_components/styles/responsive-print.css";
import "./_auth/auth.css";

// Every page is rendered per request: the CSP nonce proxy.ts sets must reach Next.js's inline scripts,
// and a page prerendered at build time would carry none (its scripts would be blocked).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Casebook", template: "%s · Casebook" },
  description: "Postmortem knowledge base: timelines, hypotheses and the evidence that settled them.",
  // No favicon file: an empty data URL keeps browsers from requesting /favicon.ico (a 404).
  icons: { icon: "data:," },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await currentViewer();
  return (
    <html lang="en">
      <body>
        <SingleUserBanner viewer={viewer} />
        <header className="site-header no-print">
          <div className="site-header-inner">
            <Link href="/incidents" className="brand">
              Casebook
            </Link>
            <MainNav />
            <div className="header-tools">
              {/* Signed-in users are the author of what they write; the free-text name is for single-user mode. */}
              {viewer.kind === "single-user" && <AuthorNameField />}
              {viewer.kind !== "anonymous" && (
                <Link href="/incidents/new" className="button primary" data-testid="nav-new-incident">
                  New incident
                </Link>
              )}
              <UserMenu viewer={viewer} />
            </div>
          </div>
        </header>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
