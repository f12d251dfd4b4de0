"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/incidents", label: "Incidents" },
  { href: "/lessons", label: "Lessons" },
  { href: "/checklists", label: "Checklists" },
  { href: "/runbooks", label: "Runbooks" },
  { href: "/tools", label: "Tools" },
  { href: "/search", label: "Search" },
  { href: "/import", label: "Import" },
];

export function MainNav() {
  const pathname = usePathname();
  return (
    <nav className="main-nav" aria-label="Main">
      {SECTIONS.map((section) => {
        const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
        return (
          <Link key={section.href} href={section.href} className={active ? "active" : undefined} aria-current={active ? "page" : undefined} data-testid={`nav-${section.label.toLowerCase()}`}>
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
