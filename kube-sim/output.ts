// Output faults applied to what a container printed: malformed JSON, truncated JSON, ~10 MB padded output,
// and the [FAIL] lines kube-bench prints when it cannot load its configuration.

/** Inject a JSON syntax error: double the first structural comma past the middle (outside strings). */
export function malformJson(s: string): string {
  let inStr = false, esc = false;
  const mid = Math.floor(s.length / 2);
  let lastComma = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inStr) {
      if (esc) esc = false; else if (ch === "\\") esc = true; else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === ",") {
      lastComma = i;
      if (i >= mid) return s.slice(0, i) + ",," + s.slice(i + 1);
    }
  }
  if (lastComma >= 0) return s.slice(0, lastComma) + ",," + s.slice(lastComma + 1);
  return s.length ? s.slice(0, Math.max(1, mid)) + "{]" + s.slice(Math.max(1, mid)) : "{]";
}

/** Output cut at 60%, as when the container is killed while flushing or the stream is cut. */
export function truncateOutput(s: string): string {
  return s.slice(0, Math.floor(s.length * 0.6));
}

/**
 * About `bytes` of output that stays VALID JSON: the padding goes inside the existing "actual_value" strings
 * (kube-bench prints the full audit output there, e.g. huge process command lines).
 */
export function padOutput(s: string, bytes = 10 * 1024 * 1024): string {
  const marker = '"actual_value":"';
  const positions: number[] = [];
  for (let i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + 1)) positions.push(i + marker.length);
  const need = bytes - s.length;
  if (need <= 0) return s;
  if (!positions.length) {
    // no JSON checks to pad (e.g. text output): append log-like lines
    const line = "W1107 12:00:00.000000    1 check.go:123] audit output: " + "x".repeat(200) + "\n";
    return s + line.repeat(Math.ceil(need / line.length));
  }
  const unit = "--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ";
  const per = Math.ceil(need / positions.length / unit.length);
  const pad = unit.repeat(per);
  let out = "", last = 0;
  for (const p of positions) { out += s.slice(last, p) + pad; last = p; }
  return out + s.slice(last);
}

/** What kube-bench prints (stdout) and its exit code when its config cannot be loaded. */
export function configErrorOutput(benchmark: string | undefined): { stdout: string; stderr: string; exitCode: number } {
  const b = benchmark ?? "cis-1.5";
  return {
    stdout:
      `[FAIL] Failed to read config file: Config File "config" Not Found in "[/opt/kube-bench/cfg]"\n` +
      `[FAIL] error loading benchmark ${b}: open /opt/kube-bench/cfg/${b}/config.yaml: no such file or directory\n`,
    stderr: "",
    exitCode: 1,
  };
}
