/**
 * Words for the Privacy view: the network ledger's headline, and audit log
 * entries said plainly (what happened, to what, and what changed).
 */
import type { AuditEntry, AuditEvent, LedgerEntry, LedgerSummary } from '../api';
import { shortHash } from './format';

/** "0 connections left this computer in the last 14 days". */
export function ledgerHeadline(summary: Pick<LedgerSummary, 'allowed' | 'sinceDays'>): string {
  const n = summary.allowed;
  return `${n} ${n === 1 ? 'connection' : 'connections'} left this computer in the last ${days(summary.sinceDays)}`;
}

/** "No attempts blocked", "1 attempt blocked before it left this computer", "3 attempts blocked before they…". */
export function blockedLine(blocked: number): string {
  if (blocked === 0) return 'No attempts blocked';
  return blocked === 1
    ? '1 attempt blocked before it left this computer'
    : `${blocked} attempts blocked before they left this computer`;
}

function days(n: number): string {
  return n === 1 ? 'day' : `${n} days`;
}

export const PROCESS_LABELS: Record<LedgerEntry['process'], string> = {
  engine: 'Engine',
  renderer: 'Window',
};

export const AUDIT_EVENT_LABELS: Record<AuditEvent, string> = {
  'document.added': 'Document added',
  'document.removed': 'Document removed',
  'collection.created': 'Collection created',
  'collection.renamed': 'Collection renamed',
  'collection.deleted': 'Collection deleted',
  'model.imported': 'Model imported',
  'model.removed': 'Model removed',
  'model.loaded': 'Model loaded',
  'model.downloaded': 'Model downloaded',
  'preset.saved': 'Preset saved',
  'preset.deleted': 'Preset deleted',
  'settings.changed': 'Setting changed',
  'audit.exported': 'Audit log exported',
  'library.wiped': 'Everything deleted',
};

export function auditEventLabel(event: string): string {
  return (AUDIT_EVENT_LABELS as Record<string, string | undefined>)[event] ?? event;
}

const SETTING_LABELS: Record<string, string> = { offline: 'Offline mode' };

/** The subject as people read it: a setting's name in words, the rest as recorded. */
export function auditSubject(entry: Pick<AuditEntry, 'event' | 'subject'>): string {
  if (entry.event === 'settings.changed') return SETTING_LABELS[entry.subject] ?? entry.subject;
  if (entry.event === 'library.wiped' || entry.event === 'audit.exported') return '—';
  return entry.subject;
}

/**
 * What changed, summarised. `change` is set for old → new (a preset's text,
 * a setting, a collection's name); `note` for the rest; both may be null.
 */
export interface AuditDetail {
  change: { from: string | null; to: string | null } | null;
  note: string | null;
}

export function auditDetail(entry: AuditEntry): AuditDetail {
  const d = entry.detail ?? {};
  switch (entry.event) {
    case 'preset.saved':
      return d.oldText === null || d.oldText === undefined
        ? { change: null, note: `New preset: ${quote(d.newText)}` }
        : d.oldText === d.newText
          ? { change: null, note: 'Text unchanged' }
          : { change: { from: quote(d.oldText), to: quote(d.newText) }, note: null };
    case 'preset.deleted':
      return { change: null, note: d.oldText ? `Text was ${quote(d.oldText)}` : null };
    case 'settings.changed':
      return { change: { from: settingValue(d.oldValue), to: settingValue(d.newValue) }, note: null };
    case 'collection.renamed':
      return { change: { from: d.oldName ? quote(d.oldName) : null, to: quote(entry.subject) }, note: null };
    case 'model.imported':
      return {
        change: null,
        note: join([
          d.storage === 'copied' ? 'Copied into the library' : d.storage === 'referenced' ? 'Used in place' : null,
          hash(d.sha256),
        ]),
      };
    case 'document.added':
    case 'document.removed':
      return { change: null, note: hash(d.sha256) };
    case 'library.wiped':
      return { change: null, note: 'Library, indexes, copied files, downloads and logs deleted' };
    case 'audit.exported':
      return { change: null, note: 'Saved as CSV' };
    case 'collection.created':
    case 'collection.deleted':
    case 'model.removed':
    case 'model.loaded':
      return { change: null, note: null };
    default:
      return { change: null, note: genericDetail(d) };
  }
}

/** Text in quotes, cut to a readable length (the full text is in the export). */
export function quote(value: unknown, max = 80): string {
  const text = String(value ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
}

function settingValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  return String(value);
}

function hash(value: unknown): string | null {
  return typeof value === 'string' && value ? `SHA-256 ${shortHash(value)}` : null;
}

function join(parts: Array<string | null>): string | null {
  const kept = parts.filter((p): p is string => Boolean(p));
  return kept.length ? kept.join(' · ') : null;
}

/** Fields of an event this view does not know, as "key: value". Ids are left out: they mean nothing to people. */
function genericDetail(detail: Record<string, unknown>): string | null {
  const parts = Object.entries(detail)
    .filter(([key, value]) => !/id$/i.test(key) && value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return parts.length ? parts.join(' · ').slice(0, 200) : null;
}

/** A recorded phrase as a sentence: "blocked by policy" -> "Blocked by policy". */
export function sentence(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** "12 Mar 2025, 14:03" in the user's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time}`;
}
