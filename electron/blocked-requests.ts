/**
 * The window may not reach the network (security.ts cancels every such
 * request); each one it tried is written to the engine's network ledger, so
 * the Privacy view shows it beside the engine's own attempts. Only requests
 * that would have left the computer are reported (a host that is not
 * loopback), and a host at most once a minute: a page retrying in a loop must
 * not flood the ledger. No electron import, so it is tested on its own.
 */

export const BLOCKED_PURPOSE = 'blocked request from the window';

export interface BlockedRequestReporterOptions {
  /** Write one entry to the ledger (main's client: `privacy.report`). */
  report(entry: { host: string; purpose: string }): Promise<unknown>;
  /** A host is reported at most once per window. */
  windowMs?: number;
  now?: () => number;
}

export interface BlockedRequestReporter {
  /** A request to `url` was cancelled. */
  blocked(url: string): void;
}

/** Hosts remembered at most, so a page making up hosts cannot grow memory without end. */
const MAX_REMEMBERED = 1000;

export function createBlockedRequestReporter(options: BlockedRequestReporterOptions): BlockedRequestReporter {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const lastReported = new Map<string, number>();

  return {
    blocked(url) {
      const host = outsideHost(url);
      if (!host) return;
      const at = now();
      const last = lastReported.get(host);
      if (last !== undefined && at - last < windowMs) return;
      if (lastReported.size >= MAX_REMEMBERED) {
        for (const [known, time] of lastReported) if (at - time >= windowMs) lastReported.delete(known);
        if (lastReported.size >= MAX_REMEMBERED) return;
      }
      lastReported.set(host, at);
      options.report({ host, purpose: BLOCKED_PURPOSE }).catch((error: unknown) => {
        console.warn(`[security] could not record the blocked request to ${host}:`, (error as Error)?.message);
      });
    },
  };
}

/**
 * The host a URL would have reached outside this computer; null for local
 * schemes (file:, data:, devtools:…), loopback, and what does not parse.
 */
export function outsideHost(url: string): string | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(target.protocol)) return null;
  const host = target.hostname.toLowerCase();
  if (!host || isLoopbackHost(host)) return null;
  return host.slice(0, 255);
}

/** localhost, 127.0.0.0/8 and ::1 (the same rule as the engine's egress guard). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return true;
  // An IPv4-mapped loopback: URL parsing writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  return h === '::1' || h.startsWith('::ffff:127.') || /^::ffff:7f[0-9a-f]{2}:/.test(h);
}
