import Link from "next/link";

export function PageHeader({ title, children, description, breadcrumbs }: { title: React.ReactNode; description?: React.ReactNode; children?: React.ReactNode; breadcrumbs?: React.ReactNode }) {
  return (
    <div className="page-header">
      {breadcrumbs}
      <PageTitleRow title={title} description={description} actions={children} />
    </div>
  );
}

/** A page's title and description, with its actions beside them. */
export function PageTitleRow({ title, description, actions, titleClassName }: { title: React.ReactNode; description?: React.ReactNode; actions?: React.ReactNode; titleClassName?: string }) {
  return (
    <div className="page-header__row">
      <div className="page-header__text">
        <h1 className={titleClassName ? `page-header__title ${titleClassName}` : "page-header__title"}>{title}</h1>
        {description ? <p className="page-header__desc">{description}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </div>
  );
}

/** The header of a page below another: a link back to it ("← label"), then the title row. */
export function SubPageHeader({ back, ...row }: { back: { href: string; label: string } } & React.ComponentProps<typeof PageTitleRow>) {
  return (
    <div>
      <Link href={back.href} className="back-link">
        {`← ${back.label}`}
      </Link>
      <PageTitleRow {...row} />
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
