// Watch streams: newline-delimited JSON events with ADDED/MODIFIED/DELETED/BOOKMARK/ERROR, resume from a
// resourceVersion out of the bounded history, 410 Gone (Expired) when the window no longer covers it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { statusObject } from "./errors";
import { apiVersionOf, type ResourceDef } from "./resources";
import { matchFields, matchLabels, type FieldSelector, type LabelSelector } from "./selectors";
import { toJson, type Store, type StoredEvent, type WatchSink, type EventType } from "./store";
import type { KObject } from "./types";

export interface WatchParams {
  def: ResourceDef;
  namespace?: string;
  label: LabelSelector;
  field: FieldSelector;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  /** dropWatches fault */
  dropAfterEvents?: number;
  dropAfterMs?: number;
}

export function watchMatches(p: Pick<WatchParams, "def" | "namespace" | "label" | "field">, o: KObject): boolean {
  if (p.def.namespaced && p.namespace && o.metadata.namespace !== p.namespace) return false;
  return matchLabels(p.label, o.metadata.labels) && matchFields(p.field, o);
}

const line = (type: EventType, obj: KObject) => `{"type":"${type}","object":${toJson(obj)}}\n`;

export function serveWatch(store: Store, req: IncomingMessage, res: ServerResponse, p: WatchParams, onClose?: () => void): void {
  const bucket = store.bucket(p.def);
  let sent = 0;
  let closed = false;
  const timers: NodeJS.Timeout[] = [];

  const write = (chunk: string) => {
    if (closed) return;
    res.write(chunk);
    sent++;
    if (res.writableLength > 64 * 1024 * 1024) close(); // a consumer this slow is dropped, as the API server does
    if (p.dropAfterEvents !== undefined && sent >= p.dropAfterEvents) close();
  };
  const close = () => {
    if (closed) return;
    closed = true;
    bucket.watchers.delete(sink);
    for (const t of timers) clearInterval(t);
    res.end();
    onClose?.();
  };

  const deliver = (ev: StoredEvent) => {
    const nowMatch = watchMatches(p, ev.obj);
    if (ev.type === "ADDED") { if (nowMatch) write(line("ADDED", ev.obj)); return; }
    if (ev.type === "DELETED") { if (nowMatch) write(line("DELETED", ev.obj)); return; }
    const wasMatch = ev.old ? watchMatches(p, ev.old) : false;
    if (nowMatch && wasMatch) write(line("MODIFIED", ev.obj));
    else if (nowMatch) write(line("ADDED", ev.obj));
    else if (wasMatch) write(line("DELETED", ev.obj));
  };
  const sink: WatchSink = { onEvent: deliver };

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();

  const bookmark = (annotations?: Record<string, string>) => {
    const md: Record<string, unknown> = { resourceVersion: String(store.rv), creationTimestamp: null };
    if (annotations) md.annotations = annotations;
    write(JSON.stringify({ type: "BOOKMARK", object: { kind: p.def.kind, apiVersion: apiVersionOf(p.def), metadata: md } }) + "\n");
  };

  const rvStr = p.resourceVersion;
  const initial = p.sendInitialEvents ?? (rvStr === undefined || rvStr === "" || rvStr === "0");
  if (rvStr && rvStr !== "0" && !p.sendInitialEvents) {
    const fromRv = Number(rvStr);
    if (!Number.isInteger(fromRv) || fromRv < 0) {
      write(JSON.stringify({ type: "ERROR", object: statusObject(400, "BadRequest", `invalid resource version: ${rvStr}`) }) + "\n");
      return close();
    }
    const events = bucket.eventsSince(fromRv);
    if (!events) {
      // what the API server sends when the requested version is older than its watch cache window
      write(JSON.stringify({ type: "ERROR", object: statusObject(410, "Expired", `too old resource version: ${fromRv} (${bucket.compactedRv + 1})`) }) + "\n");
      return close();
    }
    for (const ev of events) deliver(ev);
  } else if (initial) {
    for (const [, o] of store.iterate(p.def, p.def.namespaced ? p.namespace : undefined)) if (watchMatches(p, o)) write(line("ADDED", o));
    if (p.sendInitialEvents && p.allowBookmarks) bookmark({ "k8s.io/initial-events-end": "true" });
  }
  if (closed) return;
  bucket.watchers.add(sink);

  if (p.allowBookmarks) timers.push(setInterval(() => bookmark(), p.bookmarkIntervalMs));
  if (p.timeoutSeconds !== undefined && p.timeoutSeconds > 0) timers.push(setTimeout(close, p.timeoutSeconds * 1000));
  if (p.dropAfterMs !== undefined) timers.push(setTimeout(close, p.dropAfterMs));
  req.on("close", close);
  res.on("close", close);
  res.on("error", close);
}
