"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCluster } from "@/components/api/clusters";
import { ROLE_LABELS, type Cluster } from "@/components/api/types";
import { Breadcrumbs } from "@/components/shell/PageHeader";
import { Badge } from "@/components/ui/bits";
import { MenuButton } from "@/components/ui/MenuButton";
import { SimulatedBadge } from "./ClusterList";

/** The cluster's name, its sub-navigation and the Tools menu, shown above every page of a cluster. */
export function ClusterHeader({ cluster: initial }: { cluster: Cluster }) {
  const { data } = useCluster(initial.id, initial);
  const cluster = data ?? initial;
  const pathname = usePathname() ?? "";
  const base = `/clusters/${cluster.id}`;
  const tools = [
    { label: "CIS Scans", href: `${base}/cis-scans`, description: "CIS Kubernetes Benchmark" },
    { label: "Alerts", href: `${base}/cis-scans/alerts`, description: "Notifications when scans end" },
  ];
  // The most specific tool whose pages these are (Alerts lives under CIS Scans).
  const here = [...tools].sort((a, b) => b.href.length - a.href.length).find((t) => pathname.startsWith(t.href));
  return (
    <div className="cluster-header">
      <div className="cluster-header__row">
        <div className="cluster-header__where">
          <Breadcrumbs
            items={[{ href: "/clusters", label: "Clusters" }, { href: here ? base : undefined, label: cluster.name }, ...(here ? [{ label: here.label }] : [])]}
          />
          <SimulatedBadge cluster={cluster} />
          {cluster.myRole ? <Badge title="Your role on this cluster">{ROLE_LABELS[cluster.myRole]}</Badge> : null}
        </div>
        <nav aria-label="Cluster" className="cluster-nav">
          <Link href={base} className="cluster-nav__link" aria-current={pathname === base ? "page" : undefined}>
            Overview
          </Link>
          <MenuButton label="Tools" items={tools} />
        </nav>
      </div>
    </div>
  );
}
