import { ApiException, CoreV1Api, type KubeConfig, type V1ConfigMap } from "@kubernetes/client-node";
import { invalid } from "@/lib/errors";
import { ensureNamespace, SCAN_NAMESPACE } from "./jobs";
import { withRetry } from "./retry";

// Users' skip lists live where Rancher keeps them, so existing lists keep working: ConfigMap
// security-scan-cfg in namespace security-scan, key config.json, {"skip": {"<benchmark>": ["<id>", ...]}}.

export const SKIP_CONFIGMAP = "security-scan-cfg";
export const SKIP_KEY = "config.json";

export interface UserSkips {
  skips: Record<string, string[]>;
  /** Why the ConfigMap could not be used, when it is malformed; the skips are then empty. */
  warning: string | null;
}

export function parseSkipConfig(text: string | undefined): UserSkips {
  if (text === undefined) return { skips: {}, warning: `ConfigMap ${SCAN_NAMESPACE}/${SKIP_CONFIGMAP} has no key ${SKIP_KEY}` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { skips: {}, warning: `${SKIP_KEY} in ConfigMap ${SCAN_NAMESPACE}/${SKIP_CONFIGMAP} is not valid JSON (${(err as Error).message}); no user skips were applied` };
  }
  const skip = (doc as { skip?: unknown } | null)?.skip;
  if (typeof skip !== "object" || skip === null || Array.isArray(skip)) {
    return { skips: {}, warning: `${SKIP_KEY} in ConfigMap ${SCAN_NAMESPACE}/${SKIP_CONFIGMAP} has no "skip" object; no user skips were applied` };
  }
  const skips: Record<string, string[]> = {};
  for (const [benchmark, ids] of Object.entries(skip)) {
    if (!Array.isArray(ids) || !ids.every((i) => typeof i === "string")) {
      return { skips: {}, warning: `${SKIP_KEY} in ConfigMap ${SCAN_NAMESPACE}/${SKIP_CONFIGMAP}: skip["${benchmark}"] must be a list of test ids; no user skips were applied` };
    }
    skips[benchmark] = ids;
  }
  return { skips, warning: null };
}

async function readConfigMap(kc: KubeConfig): Promise<V1ConfigMap | null> {
  try {
    return await withRetry(() => kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: SKIP_CONFIGMAP, namespace: SCAN_NAMESPACE }));
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return null;
    throw err;
  }
}

export async function readUserSkips(kc: KubeConfig): Promise<UserSkips> {
  const cm = await readConfigMap(kc);
  if (!cm) return { skips: {}, warning: null };
  return parseSkipConfig(cm.data?.[SKIP_KEY]);
}

/** Sets the skip list of one benchmark, keeping every other benchmark's list and key as they are. */
export async function writeUserSkips(kc: KubeConfig, benchmarkId: string, ids: string[]): Promise<string[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const sorted = [...new Set(ids)];
  for (let attempt = 0; attempt < 3; attempt++) {
    const cm = await readConfigMap(kc);
    if (!cm) {
      await ensureNamespace(kc);
      const body = { metadata: { name: SKIP_CONFIGMAP, namespace: SCAN_NAMESPACE }, data: { [SKIP_KEY]: JSON.stringify({ skip: { [benchmarkId]: sorted } }) } };
      try {
        await withRetry(() => core.createNamespacedConfigMap({ namespace: SCAN_NAMESPACE, body }));
        return sorted;
      } catch (err) {
        if (err instanceof ApiException && err.code === 409) continue; // created meanwhile: read it again
        throw err;
      }
    }
    const text = cm.data?.[SKIP_KEY];
    let doc: Record<string, unknown> = {};
    if (text !== undefined) {
      const parsed = parseSkipConfig(text);
      if (parsed.warning) throw invalid("skips", `${parsed.warning.replace(/; no user skips were applied$/, "")}: fix or delete it in the cluster first, so that it is not overwritten`);
      doc = JSON.parse(text);
    }
    const skip = { ...((doc.skip as Record<string, string[]>) ?? {}), [benchmarkId]: sorted };
    const body: V1ConfigMap = { ...cm, data: { ...cm.data, [SKIP_KEY]: JSON.stringify({ ...doc, skip }) } };
    try {
      // resourceVersion in the body makes this a compare-and-swap: a concurrent edit gives 409, and we retry.
      await withRetry(() => core.replaceNamespacedConfigMap({ name: SKIP_CONFIGMAP, namespace: SCAN_NAMESPACE, body }));
      return sorted;
    } catch (err) {
      if (err instanceof ApiException && err.code === 409) continue;
      throw err;
    }
  }
  throw new Error("The skip ConfigMap kept changing while it was being written; try again");
}
