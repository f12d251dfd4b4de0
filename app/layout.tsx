import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuthorNameField } from "./_components/AuthorNameField";
import { MainNav } from "./_components/MainNav";
import "./globals.css";
import "./_components/styles/forms.css";
import "./_components/styles/tables-badges.css";
import "./_components/styles/incident.css";
import "./_components/styles/board-and-documents.css";
import "./_components/styles/responsive-print.css";

// Every page is rendered per request: the CSP nonce proxy.ts sets must reach Next.js's inline scripts,
// and a page prerendered at build time would carry none (its scripts would be blocked).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Casebook", template: "%s · Casebook" },
  description: "Postmortem knowledge base: timelines, hypotheses and the evidence that settled them.",
  // No favicon file: an empty data URL keeps browsers from requesting /favicon.ico (a 404).
  icons: { icon: "data:," },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header no-print">
          <div className="site-header-inner">
            <Link href="/incidents" className="brand">
              Casebook
            </Link>
            <MainNav />
            <div className="header-tools">
              <AuthorNameField />
              <Link href="/incidents/new" className="button primary" data-testid="nav-new-incident">
                New incident
              </Link>
            </div>
          </div>
        </header>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
