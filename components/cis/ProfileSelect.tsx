"use client";
import { useState } from "react";
import type { ClusterProfile } from "@/components/api/types";
import { Field } from "@/components/ui/Field";

/**
 * The profile a form runs with, among those made for the cluster (plus `keep`, a profile already in use), or among
 * all profiles when `showAll` is set or none fits. The choice falls back to the first listed profile.
 */
export function useProfileChoice(profiles: ClusterProfile[] | undefined, { showAll = false, initial = null, keep }: { showAll?: boolean; initial?: string | null; keep?: string }) {
  const [chosen, setChosen] = useState<string | null>(initial);
  const all = profiles ?? [];
  const fitting = all.filter((p) => p.fits || p.id === keep);
  const allListed = showAll || !fitting.length;
  const listed = allListed ? all : fitting;
  const profileId = chosen && listed.some((p) => p.id === chosen) ? chosen : (listed[0]?.id ?? null);
  return { all, listed, allListed, profileId, choose: (id: string) => setChosen(id) };
}

/** A select of profiles; custom ones and those not made for the cluster are marked. */
export function ProfileSelect({
  profiles,
  value,
  onChange,
  label,
  hint,
  error,
  required,
  autoFocus,
}: {
  profiles: ClusterProfile[];
  value: string | null;
  onChange: (id: string) => void;
  label: string;
  hint: React.ReactNode;
  error?: string;
  required?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} required={required} error={error} hint={hint}>
      {(a) => (
        <select {...a} value={value ?? ""} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus}>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {`${p.name}${p.builtIn ? "" : " (custom)"}${p.fits ? "" : " — not for this cluster"}`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
