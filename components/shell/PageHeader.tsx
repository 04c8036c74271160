import Link from "next/link";

export function PageHeader({ title, children, description, breadcrumbs }: { title: React.ReactNode; description?: React.ReactNode; children?: React.ReactNode; breadcrumbs?: React.ReactNode }) {
  return (
    <div className="page-header">
      {breadcrumbs}
      <div className="page-header__row">
        <div className="page-header__text">
          <h1 className="page-header__title">{title}</h1>
          {description ? <p className="page-header__desc">{description}</p> : null}
        </div>
        {children ? <div className="page-header__actions">{children}</div> : null}
      </div>
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        {items.map((item, i) =>
          item.href && i < items.length - 1 ? (
            <li key={i}>
              <Link href={item.href}>{item.label}</Link>
            </li>
          ) : (
            <li key={i} aria-current={i === items.length - 1 ? "page" : undefined}>
              {item.label}
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
