"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";

// Notifiers (Slack, Teams, PagerDuty, webhook, email). Everyone signed in lists them with secrets masked;
// Administrators create, edit, delete and test them.

export type NotifierType = "SLACK" | "TEAMS" | "PAGERDUTY" | "WEBHOOK" | "EMAIL";

export const NOTIFIER_TYPE_LABELS: Record<NotifierType, string> = {
  SLACK: "Slack",
  TEAMS: "Microsoft Teams",
  PAGERDUTY: "PagerDuty",
  WEBHOOK: "Webhook",
  EMAIL: "Email",
};

export interface Notifier {
  id: string;
  name: string;
  type: NotifierType;
  config: {
    channel?: string;
    url?: string;
    host?: string;
    port?: number;
    secure?: boolean;
    requireTLS?: boolean;
    username?: string;
    from?: string;
    to?: string[];
  };
  secrets: { url: string | null; routingKey: string | null; password: string | null; hmacSecret: string | null };
  createdAt: string;
  updatedAt: string;
}

export type NotifierInput =
  | { name: string; type: "SLACK"; url?: string; channel?: string }
  | { name: string; type: "TEAMS"; url?: string }
  | { name: string; type: "PAGERDUTY"; routingKey?: string; url?: string }
  | { name: string; type: "WEBHOOK"; url?: string; hmacSecret?: string }
  | { name: string; type: "EMAIL"; host: string; port: number; secure: boolean; requireTLS: boolean; username?: string; password?: string; from: string; to: string[] };

export interface NotifierTestResult {
  ok: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

export const notifierKeys = {
  all: ["notifiers"] as const,
  list: () => [...notifierKeys.all, "list"] as const,
};

const path = (id?: string) => (id ? `/api/notifiers/${encodeURIComponent(id)}` : "/api/notifiers");

export function useNotifiers() {
  return useQuery({ queryKey: notifierKeys.list(), queryFn: ({ signal }) => api<Notifier[]>(path(), { signal }) });
}

export function useSaveNotifier() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: NotifierInput & { id?: string }) => api<Notifier>(path(id), { method: id ? "PUT" : "POST", body }),
    // Alert rules show notifier names.
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: notifierKeys.all }), qc.invalidateQueries({ queryKey: ["alerts"] })]),
  });
}

export function useDeleteNotifier() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(path(id), { method: "DELETE" }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: notifierKeys.all }), qc.invalidateQueries({ queryKey: ["alerts"] })]),
  });
}

export function useTestNotifier() {
  return useMutation({ mutationFn: (id: string) => api<NotifierTestResult>(`${path(id)}/test`, { method: "POST" }) });
}

/** Where a notifier sends, as far as the masked list shows it. */
export function notifierTarget(n: Notifier): string {
  switch (n.type) {
    case "EMAIL":
      return `${(n.config.to ?? []).join(", ")} via ${n.config.host}:${n.config.port}`;
    case "PAGERDUTY":
      return `routing key ${n.secrets.routingKey ?? "—"}`;
    case "SLACK":
      return `${n.secrets.url ?? "—"}${n.config.channel ? ` (${n.config.channel})` : ""}`;
    default:
      return n.secrets.url ?? "—";
  }
}
