import Link from "next/link";

export default function NotFound() {
  return (
    <div className="empty empty--page">
      <h1 className="empty__title">Not found</h1>
      <p className="empty__body">This page does not exist, or you do not have access to it.</p>
      <p className="empty__action">
        <Link href="/clusters" className="button">
          Back to clusters
        </Link>
      </p>
    </div>
  );
}
