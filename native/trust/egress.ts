import { isIP } from 'node:net';
import net from 'node:net';
import type { Database } from 'better-sqlite3';
import type { LedgerEntry, LedgerSummary } from '../api/trust.js';

/**
 * The one network policy of the engine process. Loopback and local sockets
 * are allowed; any other connection is allowed only to a host of a model
 * download the user started (its catalog URL's host and the hosts it
 * redirects to), for that download only, and never in offline mode.
 * Everything else is blocked before DNS is asked. Every attempt to leave the
 * machine, allowed or blocked, is written to the ledger (host and purpose
 * only: never a path, a query or content).
 *
 * It is enforced at the socket: net.Socket#connect is the door every
 * client in Node goes through (http, https, tls, fetch, WebSocket).
 */
export class EgressGuard {
  /** Open grants: download id -> hosts it may reach. */
  readonly #grants = new Map<string, { hosts: Set<string>; purpose: string }>();

  constructor(
    private readonly db: Database,
    private readonly isOffline: () => boolean,
  ) {}

  /** Decide on a connection to `host` and record it when it would leave the machine. */
  check(host: string, processName: LedgerEntry['process'] = 'engine'): { allowed: boolean; reason: string } {
    if (isLoopback(host)) return { allowed: true, reason: 'loopback' };
    const grant = [...this.#grants.values()].find((g) => g.hosts.has(host.toLowerCase()));
    let decision: { allowed: boolean; reason: string; purpose: string };
    if (!grant) decision = { allowed: false, reason: 'no download was started for this host', purpose: 'unexpected' };
    else if (this.isOffline()) decision = { allowed: false, reason: 'offline mode is on', purpose: grant.purpose };
    else decision = { allowed: true, reason: 'a download the user started', purpose: grant.purpose };
    this.record({
      process: processName,
      host,
      purpose: decision.purpose,
      allowed: decision.allowed,
      reason: decision.reason,
    });
    return decision;
  }

  record(entry: Omit<LedgerEntry, 'id' | 'at'>): void {
    try {
      this.db
        .prepare('INSERT INTO network_ledger (process, host, purpose, allowed, reason) VALUES (?, ?, ?, ?, ?)')
        .run(
          entry.process,
          entry.host.slice(0, 255),
          entry.purpose.slice(0, 200),
          entry.allowed ? 1 : 0,
          entry.reason.slice(0, 200),
        );
    } catch {
      // The library is closing; the attempt was still decided.
    }
  }

  /**
   * A fetch for one download: it may reach the catalog URL's host and, after
   * a redirect from a host it was allowed, the redirect's host. `close()` ends
   * the grant.
   */
  download(downloadId: string, purpose: string, fetcher: typeof fetch): { fetch: typeof fetch; close(): void } {
    const grant = { hosts: new Set<string>(), purpose };
    this.#grants.set(downloadId, grant);
    const scoped = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      // The first request of a download is its catalog URL; later ones must be redirects from allowed hosts.
      if (grant.hosts.size === 0) grant.hosts.add(url.hostname.toLowerCase());
      if (!grant.hosts.has(url.hostname.toLowerCase())) {
        this.record({
          process: 'engine',
          host: url.hostname,
          purpose,
          allowed: false,
          reason: 'not a host of this download',
        });
        throw new Error(`Blocked by Cellar: ${url.hostname} is not part of this download.`);
      }
      const response = await fetcher(input, init);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location)
        grant.hosts.add(new URL(location, url).hostname.toLowerCase());
      return response;
    }) as typeof fetch;
    return { fetch: scoped, close: () => this.#grants.delete(downloadId) };
  }

  summary(sinceDays = 14, limit = 200): LedgerSummary {
    const since = new Date(Date.now() - sinceDays * 86_400_000).toISOString();
    const counts = this.db
      .prepare(
        'SELECT COALESCE(SUM(allowed), 0) AS allowed, COALESCE(SUM(1 - allowed), 0) AS blocked FROM network_ledger WHERE at >= ?',
      )
      .get(since) as { allowed: number; blocked: number };
    const rows = this.db
      .prepare('SELECT * FROM network_ledger WHERE at >= ? ORDER BY id DESC LIMIT ?')
      .all(since, limit) as Array<{
      id: number;
      at: string;
      process: LedgerEntry['process'];
      host: string;
      purpose: string;
      allowed: number;
      reason: string;
    }>;
    return {
      allowed: counts.allowed,
      blocked: counts.blocked,
      sinceDays,
      entries: rows.map((r) => ({ ...r, allowed: r.allowed === 1 })),
    };
  }
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h.startsWith('::ffff:127.');
  return false;
}

let current: EgressGuard | null = null;
let installed = false;

/**
 * Put the guard on the process's socket door. Once per process; the latest
 * engine's guard decides (tests open several engines in one process).
 */
export function installEgressGuard(guard: EgressGuard): void {
  current = guard;
  if (installed) return;
  installed = true;
  const connect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const host = targetHost(args);
    if (host !== null && current) {
      const decision = current.check(host);
      if (!decision.allowed) {
        const error = Object.assign(new Error(`Blocked by Cellar's network policy: ${host} (${decision.reason}).`), {
          code: 'ECONNREFUSED',
        });
        process.nextTick(() => this.destroy(error));
        return this;
      }
    }
    return connect.apply(this, args);
  } as typeof net.Socket.prototype.connect;
}

/** The host a connect() call aims at; null for a local (IPC) socket path. */
function targetHost(args: unknown[]): string | null {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { path?: string; host?: string; port?: number };
    if (options.path) return null;
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return null; // a socket path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}
