// Shapes of kube-bench benchmark definitions (cfg/<benchmark>/<target>.yaml), kept as TypeScript data.
// Field names follow kube-bench's YAML (id, text, audit, type, tests.bin_op/test_items, remediation, scored).

export type CheckType = "" | "manual" | "skip";
export type CompareOp = "eq" | "noteq" | "gt" | "gte" | "lt" | "lte" | "has" | "nothave";
export type TargetName = "master" | "node" | "etcd" | "controlplane" | "policies" | "managedservices";

export interface TestItem {
  flag: string;
  set: boolean;
  compare?: { op: CompareOp; value: string };
}

export interface Tests {
  bin_op?: "and" | "or";
  test_items: TestItem[];
}

export interface CheckDef {
  id: string;
  /** Description as kube-bench prints it in test_desc, with its (Scored)/(Not Scored) mark. */
  text: string;
  /** Audit command before kube-bench's variable substitution ($apiserverbin, $kubeletkubeconfig, ...). */
  audit: string;
  type?: CheckType;
  tests?: Tests;
  remediation: string;
  scored: boolean;
}

export interface GroupDef {
  id: string;
  text: string;
  checks: CheckDef[];
}

export interface ControlsDef {
  /** Controls id as in the YAML ("1" master/etcd, "2" node). */
  id: string;
  text: string;
  /** node_type, also the target name (file name) in the benchmark directory. */
  type: TargetName;
  groups: GroupDef[];
}

export interface BenchmarkDef {
  id: string;
  /** Targets configured for the benchmark in cfg/config.yaml `target_mapping` (order as there). */
  targets: TargetName[];
  /** The benchmark directory's YAML files, by target name. */
  controls: Partial<Record<TargetName, ControlsDef>>;
}
