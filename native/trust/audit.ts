import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditEvent } from '../api/trust.js';

/** The append-only audit log (the table's triggers refuse updates and deletes). */
export class AuditLog {
  constructor(private readonly db: Database) {}

  record(event: AuditEvent, subject: string, detail: Record<string, unknown> = {}): void {
    this.db
      .prepare('INSERT INTO audit_log (event, subject, detail) VALUES (?, ?, ?)')
      .run(event, subject, JSON.stringify(detail));
  }

  list(limit = 500, beforeId?: number): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
      .all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as Array<{
      id: number;
      at: string;
      event: AuditEvent;
      subject: string;
      detail: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      event: r.event,
      subject: r.subject,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  /** The whole log as CSV (RFC 4180 quoting; cells that a spreadsheet would run as formulas are neutralised). */
  toCsv(): string {
    const rows = this.db.prepare('SELECT id, at, event, subject, detail FROM audit_log ORDER BY id').all() as Array<
      Record<string, unknown>
    >;
    const lines = [
      ['id', 'time', 'event', 'subject', 'detail'],
      ...rows.map((r) => [r.id, r.at, r.event, r.subject, r.detail]),
    ];
    return lines.map((cells) => cells.map((c) => csvCell(String(c))).join(',')).join('\r\n') + '\r\n';
  }
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
