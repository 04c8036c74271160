"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Me } from "@/components/api/types";
import { SignOutButton } from "./SignOutButton";

interface NavItem {
  href: string;
  label: string;
}

function NavLink({ href, label, pathname }: NavItem & { pathname: string }) {
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <li>
      <Link href={href} className="nav__link" aria-current={current ? "page" : undefined}>
        {label}
      </Link>
    </li>
  );
}

/** The frame of every signed-in page: skip link, header with the main navigation and the user, content. */
export function AppShell({ user, children }: { user: Me; children: React.ReactNode }) {
  const pathname = usePathname() ?? "/";
  const admin = user.role === "ADMIN";
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="shell__header">
        <div className="shell__bar">
          <Link href="/clusters" className="brand">
            <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" className="brand__mark">
              <path d="M12 2 3 6v6c0 5 3.8 9.3 9 10 5.2-.7 9-5 9-10V6l-9-4Z" fill="currentColor" opacity=".18" />
              <path d="M12 2 3 6v6c0 5 3.8 9.3 9 10 5.2-.7 9-5 9-10V6l-9-4Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4-6.3 6.3Z" fill="currentColor" />
            </svg>
            <span>CIS Scans</span>
          </Link>
          <nav aria-label="Main" className="nav">
            <ul className="nav__list">
              <NavLink href="/clusters" label="Clusters" pathname={pathname} />
              {admin ? <NavLink href="/admin" label="Administration" pathname={pathname} /> : null}
              <NavLink href="/account" label="Account" pathname={pathname} />
            </ul>
          </nav>
          <div className="shell__user">
            <span className="shell__user-name" title={user.email}>
              {user.name}
              {admin && user.name !== "Administrator" ? <span className="shell__user-role"> · Administrator</span> : null}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="shell__main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
