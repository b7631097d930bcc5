/** Privacy and audit types, shared by engine and UI (types only). */

export interface LedgerEntry {
  id: number;
  at: string;
  /** Which part of Cellar tried: the engine, or the window (renderer). */
  process: 'engine' | 'renderer';
  host: string;
  /** Why it tried: "model download: Qwen2.5 1.5B Instruct Q4_K_M", "unexpected". */
  purpose: string;
  allowed: boolean;
  reason: string;
}

export interface LedgerSummary {
  /** Connections that left this computer (allowed, not loopback) in the window. */
  allowed: number;
  blocked: number;
  sinceDays: number;
  entries: LedgerEntry[];
}

export type AuditEvent =
  | 'document.added'
  | 'document.removed'
  | 'collection.created'
  | 'collection.renamed'
  | 'collection.deleted'
  | 'model.imported'
  | 'model.removed'
  | 'model.loaded'
  | 'model.downloaded'
  | 'preset.saved'
  | 'preset.deleted'
  | 'settings.changed'
  | 'audit.exported'
  | 'library.wiped';

export interface AuditEntry {
  id: number;
  at: string;
  event: AuditEvent;
  /** What it was about: a file name, a model label, a setting's name. */
  subject: string;
  /** Event-specific fields (old and new text of a preset, a setting's old and new value). */
  detail: Record<string, unknown>;
}
