"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { PageHeader } from "@/components/shell/PageHeader";

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

/** The heading of every Administration page, with the page's actions (children), and the tabs. */
export function AdminHeader({ description, children }: { description: string; children?: React.ReactNode }) {
  return (
    <>
      <PageHeader title="Administration" description={description}>
        {children}
      </PageHeader>
      <AdminNav />
    </>
  );
}
