import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../api';
import { auditDetail, auditEventLabel, auditSubject, blockedLine, ledgerHeadline, quote, sentence } from './trust';

const entry = (event: string, subject: string, detail: Record<string, unknown>): AuditEntry => ({
  id: 1,
  at: '2025-03-12T09:30:00.000Z',
  event: event as AuditEntry['event'],
  subject,
  detail,
});

describe('ledger words', () => {
  it('counts connections and blocked attempts', () => {
    expect(ledgerHeadline({ allowed: 0, sinceDays: 14 })).toBe('0 connections left this computer in the last 14 days');
    expect(ledgerHeadline({ allowed: 1, sinceDays: 14 })).toBe('1 connection left this computer in the last 14 days');
    expect(ledgerHeadline({ allowed: 3, sinceDays: 1 })).toBe('3 connections left this computer in the last day');
    expect(blockedLine(0)).toBe('No attempts blocked');
    expect(blockedLine(1)).toBe('1 attempt blocked before it left this computer');
    expect(blockedLine(4)).toBe('4 attempts blocked before they left this computer');
    expect(sentence('blocked by policy')).toBe('Blocked by policy');
  });
});

describe('audit words', () => {
  it('names every event plainly, and passes an unknown one through', () => {
    expect(auditEventLabel('library.wiped')).toBe('Everything deleted');
    expect(auditEventLabel('preset.deleted')).toBe('Preset deleted');
    expect(auditEventLabel('something.new')).toBe('something.new');
    expect(auditSubject(entry('settings.changed', 'offline', {}))).toBe('Offline mode');
  });

  it('summarises preset text changes as old → new, and a new preset as its text', () => {
    expect(auditDetail(entry('preset.saved', 'P', { oldText: 'a', newText: 'b' }))).toEqual({
      change: { from: '“a”', to: '“b”' },
      note: null,
    });
    expect(auditDetail(entry('preset.saved', 'P', { oldText: null, newText: 'Be brief.' })).note).toBe(
      'New preset: “Be brief.”',
    );
    expect(auditDetail(entry('preset.saved', 'P', { oldText: 'same', newText: 'same' })).note).toBe('Text unchanged');
    expect(auditDetail(entry('preset.deleted', 'P', { oldText: 'gone' })).note).toBe('Text was “gone”');
  });

  it('cuts long text, and shows unknown details without ids', () => {
    expect(quote('x'.repeat(200))).toHaveLength(82);
    expect(quote('  two\n lines ')).toBe('“two lines”');
    expect(
      auditDetail(entry('model.downloaded', 'Qwen', { id: 'm1', catalogId: 'qwen', quantization: 'Q4_K_M' })),
    ).toEqual({ change: null, note: 'quantization: Q4_K_M' });
    expect(auditDetail(entry('model.loaded', 'Qwen', { id: 'm1' }))).toEqual({ change: null, note: null });
  });
});
