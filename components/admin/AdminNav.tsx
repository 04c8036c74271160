"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const TABS = [
  { href: "/admin/users", label: "Users" },
  { href: "/admin/memberships", label: "Cluster memberships" },
  { href: "/admin/profiles", label: "Scan profiles" },
  { href: "/admin/notifiers", label: "Notifiers" },
];

export function AdminNav() {
  const pathname = usePathname() ?? "";
  return (
    <nav aria-label="Administration" className="tabs">
      {TABS.map((t) => (
        <Link key={t.href} href={t.href} className="tabs__link" aria-current={pathname.startsWith(t.href) ? "page" : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
