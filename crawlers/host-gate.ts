// Politeness per host, shared by every crawl in this process: requests to one host are spaced by
// at least the configured delay (crawlee's maxRequestsPerMinute is per crawler, not per host),
// a host that answered 429/503 with Retry-After is left alone for that long, a host failing with
// 5xx is backed off exponentially, and a host that asked for a wait longer than we are willing to
// make is closed for the rest of that wait (its pages are skipped with the reason).
//
// Slots are reserved synchronously, so concurrent requests to one host queue up in order.

const nextSlot = new Map<string, number>();
const heldUntil = new Map<string, number>();
const closed = new Map<string, { until: number; reason: string }>();
const failures = new Map<string, number>();

/** First back-off after a 5xx; doubles with every further consecutive failure of the host. */
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The key politeness is counted by: host name and port (two ports are two servers). */
export function hostKey(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

/** Why a host may not be asked now, or null. */
export function hostClosed(host: string, now = Date.now()): string | null {
  const c = closed.get(host);
  if (!c) return null;
  if (c.until <= now) {
    closed.delete(host);
    return null;
  }
  return c.reason;
}

/** Waits until the host may be asked again, then reserves the next slot `delayMs` later. */
export async function waitForHost(host: string, delayMs: number): Promise<void> {
  for (;;) {
    const now = Date.now();
    const held = heldUntil.get(host) ?? 0;
    const start = Math.max(now, nextSlot.get(host) ?? 0, held);
    nextSlot.set(host, start + delayMs);
    if (start > now) await sleep(start - now);
    // A Retry-After that arrived while we slept holds this request too.
    if ((heldUntil.get(host) ?? 0) <= Date.now()) return;
  }
}

/** The whole host waits `ms` (Retry-After, back-off). */
export function holdHost(host: string, ms: number): void {
  const until = Date.now() + ms;
  if ((heldUntil.get(host) ?? 0) < until) heldUntil.set(host, until);
}

/** Refuses the host until `until` (a Retry-After longer than we wait). */
export function closeHost(host: string, until: number, reason: string): void {
  closed.set(host, { until, reason });
}

/** Records a 5xx (or a 429 without Retry-After); returns the back-off now applied to the host. */
export function hostFailed(host: string): number {
  const n = (failures.get(host) ?? 0) + 1;
  failures.set(host, n);
  const ms = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
  holdHost(host, ms);
  return ms;
}

export function hostRecovered(host: string): void {
  failures.delete(host);
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Forgets every host's state (tests). */
export function resetHostGates(): void {
  nextSlot.clear();
  heldUntil.clear();
  closed.clear();
  failures.clear();
}
