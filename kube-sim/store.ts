// In-memory object store: one bucket per resource type, a global resourceVersion counter, a bounded
// per-resource event history (for watch resume), owner index (for garbage collection) and listeners.
// Stored objects are never mutated: every write stores a new object, so they can be shared with watch
// history and serialised once.
import { RESOURCES, resKey, type ResourceDef } from "./resources";
import type { KObject } from "./types";

export type EventType = "ADDED" | "MODIFIED" | "DELETED";
export interface StoredEvent { type: EventType; obj: KObject; old?: KObject; rv: number }
export type StoreListener = (def: ResourceDef, ev: StoredEvent) => void;

export interface WatchSink { onEvent(ev: StoredEvent): void }

const jsonCache = new WeakMap<object, string>();
/** JSON of a stored (immutable) object, computed once. */
export function toJson(obj: object): string {
  let s = jsonCache.get(obj);
  if (s === undefined) { s = JSON.stringify(obj); jsonCache.set(obj, s); }
  return s;
}

/** The parts of an object that label and field selectors can look at. */
export function selectorView(def: ResourceDef, o: KObject): KObject {
  const v: KObject = { metadata: { name: o.metadata.name, namespace: o.metadata.namespace, labels: o.metadata.labels } };
  for (const f of def.fields || []) {
    const parts = f.split(".");
    let src: any = o, dst: any = v;
    for (let i = 0; i < parts.length - 1; i++) {
      src = src?.[parts[i]];
      if (src === undefined || src === null) break;
      dst = dst[parts[i]] ??= {};
    }
    const last = parts[parts.length - 1];
    if (src !== undefined && src !== null && src[last] !== undefined) dst[last] = src[last];
  }
  return v;
}

export class Bucket {
  objects = new Map<string, KObject>();
  private sorted: string[] | null = null;
  private ring: (StoredEvent | undefined)[];
  private head = 0; // index of oldest
  private size = 0;
  /** Events with rv <= compactedRv may have been dropped from the history. */
  compactedRv = 0;
  watchers = new Set<WatchSink>();
  constructor(public def: ResourceDef, capacity: number) { this.ring = new Array(capacity); }

  sortedKeys(): string[] {
    if (!this.sorted) this.sorted = [...this.objects.keys()].sort();
    return this.sorted;
  }
  invalidate() { this.sorted = null; }

  push(ev: StoredEvent) {
    const cap = this.ring.length;
    if (this.size === cap) {
      const dropped = this.ring[this.head]!;
      this.compactedRv = dropped.rv;
      this.ring[this.head] = ev;
      this.head = (this.head + 1) % cap;
    } else {
      this.ring[(this.head + this.size) % cap] = ev;
      this.size++;
    }
  }
  /** Events with rv > fromRv, oldest first; undefined if some were compacted away. */
  eventsSince(fromRv: number): StoredEvent[] | undefined {
    if (fromRv < this.compactedRv) return undefined;
    const out: StoredEvent[] = [];
    const cap = this.ring.length;
    // binary search the first event with rv > fromRv
    let lo = 0, hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ring[(this.head + mid) % cap]!.rv <= fromRv) lo = mid + 1; else hi = mid;
    }
    for (let i = lo; i < this.size; i++) out.push(this.ring[(this.head + i) % cap]!);
    return out;
  }
  /** Drop the whole history (test helper: simulates etcd compaction). */
  compact(rv: number) { this.ring = new Array(this.ring.length); this.head = 0; this.size = 0; this.compactedRv = rv; }
}

export class Store {
  rv = 1000;
  private buckets = new Map<string, Bucket>();
  private listeners: StoreListener[] = [];
  /** owner uid -> set of "resKey|key" of dependents */
  private owners = new Map<string, Set<string>>();

  constructor(historySize = 5000) {
    for (const d of RESOURCES) this.buckets.set(resKey(d), new Bucket(d, historySize));
  }

  bucket(def: ResourceDef): Bucket { return this.buckets.get(resKey(def))!; }
  static key(def: ResourceDef, ns: string | undefined, name: string) { return def.namespaced ? `${ns}/${name}` : name; }
  onChange(l: StoreListener) { this.listeners.push(l); }

  get(def: ResourceDef, ns: string | undefined, name: string): KObject | undefined {
    return this.bucket(def).objects.get(Store.key(def, ns, name));
  }

  /** Objects, sorted by key, optionally in one namespace. */
  *iterate(def: ResourceDef, ns?: string, startKey?: string): Generator<[string, KObject]> {
    const b = this.bucket(def);
    const keys = b.sortedKeys();
    let start = startKey ?? (def.namespaced && ns ? `${ns}/` : "");
    let lo = 0, hi = keys.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (keys[mid] < start) lo = mid + 1; else hi = mid; }
    const prefix = def.namespaced && ns ? `${ns}/` : undefined;
    for (let i = lo; i < keys.length; i++) {
      const k = keys[i];
      if (prefix && !k.startsWith(prefix)) break;
      const o = b.objects.get(k);
      if (o) yield [k, o];
    }
  }
  list(def: ResourceDef, ns?: string): KObject[] { return [...this.iterate(def, ns)].map(([, o]) => o); }
  count(def: ResourceDef, ns?: string): number {
    if (!ns || !def.namespaced) return this.bucket(def).objects.size;
    let n = 0; for (const _ of this.iterate(def, ns)) n++; return n;
  }

  private emit(def: ResourceDef, ev: StoredEvent) {
    const b = this.bucket(def);
    // the history keeps only what selectors look at of the previous version (labels + selectable fields)
    b.push(ev.old ? { type: ev.type, obj: ev.obj, rv: ev.rv, old: selectorView(def, ev.old) } : ev);
    for (const w of b.watchers) w.onEvent(ev);
    for (const l of this.listeners) l(def, ev);
  }

  private index(def: ResourceDef, key: string, obj: KObject | undefined, old: KObject | undefined) {
    const ref = `${resKey(def)}|${key}`;
    for (const o of old?.metadata.ownerReferences || []) this.owners.get(o.uid)?.delete(ref);
    for (const o of obj?.metadata.ownerReferences || []) {
      let s = this.owners.get(o.uid);
      if (!s) this.owners.set(o.uid, (s = new Set()));
      s.add(ref);
    }
  }
  /** Dependents of an owner uid, as [def, object]. */
  dependents(uid: string): [ResourceDef, KObject][] {
    const out: [ResourceDef, KObject][] = [];
    for (const ref of this.owners.get(uid) || []) {
      const [rk, key] = ref.split("|");
      const b = this.buckets.get(rk);
      const o = b?.objects.get(key);
      if (b && o) out.push([b.def, o]);
    }
    return out;
  }

  create(def: ResourceDef, obj: KObject): KObject {
    const key = Store.key(def, obj.metadata.namespace, obj.metadata.name);
    const b = this.bucket(def);
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    b.objects.set(key, obj);
    b.invalidate();
    this.index(def, key, obj, undefined);
    this.emit(def, { type: "ADDED", obj, rv });
    return obj;
  }

  /** Replace an existing object (caller checked existence and preconditions). */
  update(def: ResourceDef, obj: KObject): KObject {
    const key = Store.key(def, obj.metadata.namespace, obj.metadata.name);
    const b = this.bucket(def);
    const old = b.objects.get(key);
    if (!old) throw new Error(`update of missing ${key}`);
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    b.objects.set(key, obj);
    if (old.metadata.ownerReferences || obj.metadata.ownerReferences) this.index(def, key, obj, old);
    this.emit(def, { type: "MODIFIED", obj, old, rv });
    return obj;
  }

  /** Read-modify-write helper for controllers: fn mutates a deep copy; returns the new object (or undefined if gone). */
  mutate(def: ResourceDef, ns: string | undefined, name: string, fn: (o: KObject) => void | false): KObject | undefined {
    const cur = this.get(def, ns, name);
    if (!cur) return undefined;
    const copy = structuredClone(cur);
    if (fn(copy) === false) return cur;
    return this.update(def, copy);
  }

  remove(def: ResourceDef, ns: string | undefined, name: string): KObject | undefined {
    const key = Store.key(def, ns, name);
    const b = this.bucket(def);
    const old = b.objects.get(key);
    if (!old) return undefined;
    b.objects.delete(key);
    b.invalidate();
    this.index(def, key, undefined, old);
    const rv = ++this.rv;
    const obj = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } };
    this.emit(def, { type: "DELETED", obj, old, rv });
    return obj;
  }
}
