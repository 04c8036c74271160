"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import type { NotifierType } from "./notifiers";

// A cluster's alert rules (the four built-in ones of Rancher's "set of alerts for cluster scans" and
// custom ones from Add Alert) and the notifications they sent.

export type AlertEvent = "MANUAL_COMPLETED" | "MANUAL_FAILURES" | "SCHEDULED_COMPLETED" | "SCHEDULED_FAILURES";
export type Severity = "CRITICAL" | "WARNING" | "INFO";
export type DeliveryStatus = "PENDING" | "SENDING" | "DELIVERED" | "FAILED";

/** The seeds' "Is" field: when the alert is triggered. */
export const EVENT_LABELS: Record<AlertEvent, string> = {
  MANUAL_COMPLETED: "a manual scan is completed",
  MANUAL_FAILURES: "a manual scan has failures",
  SCHEDULED_COMPLETED: "a scheduled scan is completed",
  SCHEDULED_FAILURES: "a scheduled scan has failures",
};

export const SEVERITY_LABELS: Record<Severity, string> = { CRITICAL: "Critical", WARNING: "Warning", INFO: "Info" };

export interface AlertRule {
  id: string;
  clusterId: string;
  name: string;
  event: AlertEvent;
  severity: Severity;
  active: boolean;
  builtIn: boolean;
  minIntervalSeconds: number | null;
  lastNotifiedAt: string | null;
  createdAt: string;
  notifiers: { id: string; name: string; type: NotifierType }[];
}

export interface AlertRuleInput {
  name: string;
  event: AlertEvent;
  severity: Severity;
  notifierIds: string[];
  active?: boolean;
  minIntervalSeconds?: number | null;
}

export type AlertRulePatch = Partial<Pick<AlertRuleInput, "name" | "severity" | "notifierIds" | "active" | "minIntervalSeconds">>;

export interface DeliveryAttempt {
  id: string;
  at: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface Delivery {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
  scanId: string | null;
  notifier: { id: string; name: string; type: NotifierType };
  rule: { id: string; name: string } | null;
  message: { title: string; text?: string; severity?: Severity; url?: string | null };
  log: DeliveryAttempt[];
}

export const alertKeys = {
  all: (clusterId: string) => ["alerts", clusterId] as const,
  rules: (clusterId: string) => [...alertKeys.all(clusterId), "rules"] as const,
  deliveries: (clusterId: string) => [...alertKeys.all(clusterId), "deliveries"] as const,
};

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}`;

export function useAlertRules(clusterId: string) {
  return useQuery({ queryKey: alertKeys.rules(clusterId), queryFn: ({ signal }) => api<AlertRule[]>(`${base(clusterId)}/alerts`, { signal }) });
}

export function useCreateAlertRule(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertRuleInput) => api<AlertRule>(`${base(clusterId)}/alerts`, { method: "POST", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: alertKeys.rules(clusterId) }),
  });
}

export function useUpdateAlertRule(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: AlertRulePatch & { id: string }) => api<AlertRule>(`${base(clusterId)}/alerts/${encodeURIComponent(id)}`, { method: "PATCH", body }),
    onSuccess: (rule) => {
      qc.setQueryData<AlertRule[]>(alertKeys.rules(clusterId), (rules) => rules?.map((r) => (r.id === rule.id ? rule : r)));
      return qc.invalidateQueries({ queryKey: alertKeys.rules(clusterId) });
    },
  });
}

export function useDeleteAlertRule(clusterId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`${base(clusterId)}/alerts/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: alertKeys.rules(clusterId) }),
  });
}

const inFlight = (d: Delivery) => d.status === "PENDING" || d.status === "SENDING";

/** The notifications sent for this cluster; followed every few seconds while any is still on its way. */
export function useDeliveries(clusterId: string) {
  return useQuery({
    queryKey: alertKeys.deliveries(clusterId),
    queryFn: ({ signal }) => api<Delivery[]>(`${base(clusterId)}/deliveries`, { signal }),
    refetchInterval: (q) => (q.state.data?.some(inFlight) ? 2000 : 10_000),
  });
}
