/**
 * Words for the Privacy view: the network ledger's headline, and audit log
 * entries said plainly (what happened, to what, and what changed).
 */
import type { AuditEntry, AuditEvent, LedgerEntry, LedgerSummary } from '../api';
import { intlLocale, t } from '../i18n';
import { shortHash } from './format';

/** "0 connections left this computer in the last 14 days". */
export function ledgerHeadline(summary: Pick<LedgerSummary, 'allowed' | 'sinceDays'>): string {
  return t('trust.ledgerHeadline', { count: summary.allowed, days: days(summary.sinceDays) });
}

/** "No attempts blocked", "1 attempt blocked before it left this computer", "3 attempts blocked before they…". */
export function blockedLine(blocked: number): string {
  return blocked === 0 ? t('trust.noneBlocked') : t('trust.blocked', { count: blocked });
}

function days(n: number): string {
  return t('trust.days', { count: n });
}

export function processLabel(process: LedgerEntry['process']): string {
  return process === 'engine' ? t('trust.process.engine') : t('trust.process.renderer');
}

/** Every audit event, in the order the filter lists them. */
export const AUDIT_EVENTS: readonly AuditEvent[] = [
  'document.added',
  'document.removed',
  'collection.created',
  'collection.renamed',
  'collection.deleted',
  'model.imported',
  'model.removed',
  'model.loaded',
  'model.downloaded',
  'preset.saved',
  'preset.deleted',
  'settings.changed',
  'audit.exported',
  'library.wiped',
];

export function auditEventLabel(event: string): string {
  return (AUDIT_EVENTS as readonly string[]).includes(event) ? t(`trust.event.${event as AuditEvent}`) : event;
}

const SETTING_LABELS: Record<string, () => string> = { offline: () => t('trust.setting.offline') };

/** The subject as people read it: a setting's name in words, the rest as recorded. */
export function auditSubject(entry: Pick<AuditEntry, 'event' | 'subject'>): string {
  if (entry.event === 'settings.changed') return SETTING_LABELS[entry.subject]?.() ?? entry.subject;
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
        ? { change: null, note: t('trust.detail.newPreset', { text: quote(d.newText) }) }
        : d.oldText === d.newText
          ? { change: null, note: t('trust.detail.textUnchanged') }
          : { change: { from: quote(d.oldText), to: quote(d.newText) }, note: null };
    case 'preset.deleted':
      return { change: null, note: d.oldText ? t('trust.detail.textWas', { text: quote(d.oldText) }) : null };
    case 'settings.changed':
      return { change: { from: settingValue(d.oldValue), to: settingValue(d.newValue) }, note: null };
    case 'collection.renamed':
      return { change: { from: d.oldName ? quote(d.oldName) : null, to: quote(entry.subject) }, note: null };
    case 'model.imported':
      return {
        change: null,
        note: join([
          d.storage === 'copied'
            ? t('trust.detail.copied')
            : d.storage === 'referenced'
              ? t('trust.detail.inPlace')
              : null,
          hash(d.sha256),
        ]),
      };
    case 'document.added':
    case 'document.removed':
      return { change: null, note: hash(d.sha256) };
    case 'library.wiped':
      return { change: null, note: t('trust.detail.wiped') };
    case 'audit.exported':
      return { change: null, note: t('trust.detail.savedCsv') };
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
  return t('trust.quoted', { text: text.length > max ? `${text.slice(0, max - 1)}…` : text });
}

function settingValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? t('common.on') : t('common.off');
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
  return new Intl.DateTimeFormat(intlLocale(), {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
