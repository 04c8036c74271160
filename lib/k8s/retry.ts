import { ApiException } from "@kubernetes/client-node";

// Retries calls that a busy or briefly failing API server answers with 429 or 5xx (honouring
// Retry-After), and connection errors; everything else fails at once.

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export function isRetryable(err: unknown): boolean {
  if (err instanceof ApiException) return RETRYABLE.has(err.code);
  const code = (err as { cause?: { code?: string }; code?: string })?.cause?.code ?? (err as { code?: string })?.code;
  return typeof code === "string" && ["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET"].includes(code);
}

export function retryAfterMs(err: unknown): number | null {
  if (!(err instanceof ApiException)) return null;
  const header = err.headers?.["retry-after"] ?? err.headers?.["Retry-After"];
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export async function withRetry<T>(fn: () => Promise<T>, opts: { attempts?: number; baseMs?: number; maxMs?: number } = {}): Promise<T> {
  const attempts = opts.attempts ?? 6;
  const base = opts.baseMs ?? 200;
  const max = opts.maxMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      const backoff = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, Math.min(max, retryAfterMs(err) ?? backoff)));
    }
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}
