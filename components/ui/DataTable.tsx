"use client";
import { ErrorAlert } from "./Alert";
import { Loading } from "./bits";

export interface Column {
  label: React.ReactNode;
  className?: string;
  /** Named for assistive technology only (the column of row buttons, for instance). */
  hidden?: boolean;
}

/** A column of numbers (right-aligned). */
export const numColumn = (label: React.ReactNode): Column => ({ label, className: "num" });

/** The last column of a table whose rows end with buttons. */
export const ACTIONS_COLUMN: Column = { label: "Actions", hidden: true };

/** A named table in its scrolling wrapper, with one header row; the rows are the children. */
export function DataTable({
  label,
  columns,
  className,
  busy,
  children,
}: {
  label: string;
  columns: (string | Column)[];
  /** Classes added to "table" (a variant such as "table--compact", or the table's own class). */
  className?: string;
  /** aria-busy while the rows are being refreshed. */
  busy?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : "table"} aria-label={label} aria-busy={busy}>
        <thead>
          <tr>
            {columns.map((c, i) => {
              const col = typeof c === "string" ? { label: c } : c;
              return (
                <th key={i} scope="col" className={col.className}>
                  {col.hidden ? <span className="visually-hidden">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

interface Query<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
}

/**
 * The states of a query's content: its error, loading, or (for an empty list, when `empty` is given) the
 * empty state; otherwise the children render the data.
 */
export function QueryStates<T>({
  query,
  errorLabel,
  errorTestId,
  loadingLabel,
  empty,
  isEmpty = (data) => Array.isArray(data) && data.length === 0,
  children,
}: {
  query: Query<T>;
  errorLabel: string;
  errorTestId?: string;
  loadingLabel: string;
  empty?: React.ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => React.ReactNode;
}) {
  if (query.error) return <ErrorAlert error={query.error} label={errorLabel} testId={errorTestId} />;
  if (query.isPending || query.data === undefined) return <Loading label={loadingLabel} />;
  if (empty !== undefined && isEmpty(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
