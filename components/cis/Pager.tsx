"use client";

/** Previous / next for a server-paginated table, with "Rows 1–100 of 240". */
export function Pager({ label, page, pageSize, total, onPage }: { label: string; page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  const from = total ? (page - 1) * pageSize + 1 : 0;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label={label}>
      <span className="pager__status" aria-live="polite">
        Rows {from}–{to} of {total}
      </span>
      <span className="pager__buttons">
        <button type="button" className="button button--small" onClick={() => onPage(page - 1)} disabled={page <= 1}>
          Previous<span className="visually-hidden"> page</span>
        </button>
        <span className="pager__page">
          Page {page} of {pages}
        </span>
        <button type="button" className="button button--small" onClick={() => onPage(page + 1)} disabled={page >= pages}>
          Next<span className="visually-hidden"> page</span>
        </button>
      </span>
    </nav>
  );
}
