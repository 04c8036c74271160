import { notApplicableFor, type Profile } from "@/lib/profiles";
import type { SkipRules } from "./aggregate";

// The skip list a scan uses, labelled by where each entry comes from. Shown before a scan starts, stored
// with the scan (so a report says what it skipped and why), and turned into aggregation rules.

export type SkipSource = "not_applicable" | "profile" | "user";
export type SkipSnapshot = { id: string; source: SkipSource; reason: string }[];

export const USER_SKIP_REASON = "Skipped by a user of this cluster (security-scan-cfg ConfigMap).";

export function skipSnapshot(profile: Profile, userSkips: string[]): SkipSnapshot {
  return [
    ...notApplicableFor(profile.benchmarkId).map((s) => ({ ...s, source: "not_applicable" as const })),
    ...profile.skips.map((s) => ({ ...s, source: "profile" as const })),
    ...userSkips.map((id) => ({ id, source: "user" as const, reason: USER_SKIP_REASON })),
  ];
}

export function skipRulesOf(snapshot: SkipSnapshot): SkipRules {
  const of = (source: SkipSource) => snapshot.filter((s) => s.source === source);
  return { notApplicable: of("not_applicable"), profile: of("profile"), user: of("user").map((s) => s.id) };
}
