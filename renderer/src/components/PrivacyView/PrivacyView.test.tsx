// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { AuditEntry, CellarBridge, LedgerEntry, LedgerSummary } from '../../api';
import { BridgeProvider } from '../../bridge';
import { resetStores } from '../../test/reset';
import { createTestBridge } from '../../test/testBridge';
import { PrivacyView } from './PrivacyView';

function renderPrivacy(bridge: CellarBridge) {
  return render(
    <BridgeProvider bridge={bridge}>
      <PrivacyView />
    </BridgeProvider>,
  );
}

const blocked = (id: number, host: string): LedgerEntry => ({
  id,
  at: '2025-03-12T09:30:00.000Z',
  process: 'renderer',
  host,
  purpose: 'blocked request from the window',
  allowed: false,
  reason: 'blocked by the window’s policy',
});

const ledger = (overrides: Partial<LedgerSummary> = {}): LedgerSummary => ({
  allowed: 0,
  blocked: 0,
  sinceDays: 14,
  entries: [],
  ...overrides,
});

const audit = (id: number, event: AuditEntry['event'], subject: string, detail: Record<string, unknown> = {}) => ({
  id,
  at: '2025-03-12T09:30:00.000Z',
  event,
  subject,
  detail,
});

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('PrivacyView: network activity', () => {
  it('leads with how many connections left, and how many attempts were blocked', async () => {
    const test = createTestBridge({
      'privacy.ledger': () =>
        ledger({ blocked: 2, entries: [blocked(2, 'telemetry.example.com'), blocked(1, 'fonts.example.com')] }),
    });
    renderPrivacy(test.bridge);

    expect((await screen.findByTestId('ledger-headline')).textContent).toBe(
      '0 connections left this computer in the last 14 days',
    );
    expect(screen.getByTestId('ledger-blocked').textContent).toBe('2 attempts blocked before they left this computer');
    expect(test.callsTo('privacy.ledger')[0]?.params).toEqual([{ sinceDays: 14, limit: 200 }]);

    const rows = screen.getAllByTestId('ledger-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Window');
    expect(rows[0]!.textContent).toContain('telemetry.example.com');
    expect(rows[0]!.textContent).toContain('Blocked request from the window');
    expect(within(rows[0]!).getByTestId('ledger-result').textContent).toBe('Blocked');
    // The offline switch sits with the headline.
    expect(screen.getByRole('switch', { name: /Offline mode/ })).toBeTruthy();
  });

  it('counts a download that was let through, in the singular', async () => {
    const download: LedgerEntry = {
      id: 1,
      at: '2025-03-12T09:30:00.000Z',
      process: 'engine',
      host: 'huggingface.co',
      purpose: 'model download: Qwen2.5 1.5B Instruct Q4_K_M',
      allowed: true,
      reason: 'a download the user started',
    };
    renderPrivacy(createTestBridge({ 'privacy.ledger': () => ledger({ allowed: 1, entries: [download] }) }).bridge);

    expect((await screen.findByTestId('ledger-headline')).textContent).toBe(
      '1 connection left this computer in the last 14 days',
    );
    expect(screen.getByTestId('ledger-blocked').textContent).toBe('No attempts blocked');
    const row = screen.getByTestId('ledger-row');
    expect(row.textContent).toContain('Engine');
    expect(within(row).getByTestId('ledger-result').textContent).toBe('Allowed');
  });

  it('reassures when nothing tried to leave', async () => {
    renderPrivacy(createTestBridge({ 'privacy.ledger': () => ledger() }).bridge);
    expect((await screen.findByTestId('ledger-empty')).textContent).toContain(
      'Nothing has tried to leave this computer',
    );
    expect(screen.queryByTestId('ledger-table')).toBeNull();
  });

  it('says what failed, and reads again on Retry', async () => {
    let attempt = 0;
    const test = createTestBridge({
      'privacy.ledger': () => {
        attempt += 1;
        if (attempt === 1) throw { code: 'DATABASE_UNREADABLE', message: 'cellar.db is locked' };
        return ledger();
      },
    });
    renderPrivacy(test.bridge);
    expect(await screen.findByText('Could not read the network ledger')).toBeTruthy();
    expect(screen.getByText('cellar.db is locked')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect((await screen.findByTestId('ledger-headline')).textContent).toContain('0 connections');
  });

  it('reads again after the library is wiped', async () => {
    let entries = [blocked(1, 'fonts.example.com')];
    const test = createTestBridge({ 'privacy.ledger': () => ledger({ blocked: entries.length, entries }) });
    renderPrivacy(test.bridge);
    expect(await screen.findAllByTestId('ledger-row')).toHaveLength(1);

    entries = [];
    act(() => test.emit('library.wiped', { at: '2025-03-12T10:00:00.000Z' }));
    expect(await screen.findByTestId('ledger-empty')).toBeTruthy();
    expect(test.callsTo('privacy.ledger')).toHaveLength(2);
  });
});

describe('PrivacyView: audit log', () => {
  async function openAudit(bridge: CellarBridge) {
    renderPrivacy(bridge);
    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    return screen.findByTestId('audit-table');
  }

  it('lists events in plain words, with what changed from old to new', async () => {
    const test = createTestBridge({
      'privacy.ledger': () => ledger(),
      'audit.list': () => [
        audit(4, 'preset.saved', 'Discharge letter', {
          id: 'p1',
          oldText: 'Summarise in plain English.',
          newText: 'Summarise in plain English, in five points.',
        }),
        audit(3, 'settings.changed', 'offline', { oldValue: false, newValue: true }),
        audit(2, 'model.imported', 'Qwen2.5 1.5B', { id: 'm1', sha256: 'a'.repeat(64), storage: 'copied' }),
        audit(1, 'collection.renamed', 'Ward notes', { id: 'c1', oldName: 'Notes' }),
      ],
    });
    const table = await openAudit(test.bridge);
    expect(test.callsTo('audit.list')[0]?.params).toEqual([{ limit: 100 }]);

    const rows = within(table).getAllByTestId('audit-row');
    expect(rows.map((r) => r.children[1]!.textContent)).toEqual([
      'Preset saved',
      'Setting changed',
      'Model imported',
      'Collection renamed',
    ]);
    const details = within(table).getAllByTestId('audit-detail');
    expect(details[0]!.textContent).toBe(
      '“Summarise in plain English.”→ changed to “Summarise in plain English, in five points.”',
    );
    expect(rows[1]!.children[2]!.textContent).toBe('Offline mode');
    expect(details[1]!.textContent).toBe('Off→ changed to On');
    expect(details[2]!.textContent).toBe('Copied into the library · SHA-256 aaaaaaaaaaaa…');
    expect(details[3]!.textContent).toBe('“Notes”→ changed to “Ward notes”');
  });

  it('exports the CSV through the shell’s save dialog when there is one', async () => {
    const saveFile = vi.fn(async (_options: unknown) => '/home/ana/Documents/cellar-audit-2025-03-12.csv');
    const test = createTestBridge({
      'privacy.ledger': () => ledger(),
      'audit.list': () => [audit(1, 'model.loaded', 'Qwen')],
      'audit.export': () => ({ fileName: 'cellar-audit-2025-03-12.csv', csv: 'id,time,event,subject,detail\r\n' }),
    });
    const bridge: CellarBridge = {
      ...test.bridge,
      shell: { pickFiles: vi.fn(), pathForFile: vi.fn(), saveFile } as unknown as CellarBridge['shell'],
    };
    await openAudit(bridge);

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(saveFile).toHaveBeenCalledOnce());
    expect(test.callsTo('audit.export')).toHaveLength(1);
    expect(saveFile).toHaveBeenCalledWith({
      defaultName: 'cellar-audit-2025-03-12.csv',
      content: 'id,time,event,subject,detail\r\n',
      filters: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
    });
    expect((await screen.findByTestId('export-status')).textContent).toBe(
      'Saved to /home/ana/Documents/cellar-audit-2025-03-12.csv',
    );
    // The export is audited: the log is read again.
    await waitFor(() => expect(test.callsTo('audit.list')).toHaveLength(2));
  });

  it('says nothing when the save dialog is cancelled', async () => {
    const saveFile = vi.fn(async () => null);
    const test = createTestBridge({
      'privacy.ledger': () => ledger(),
      'audit.list': () => [],
      'audit.export': () => ({ fileName: 'a.csv', csv: 'x' }),
    });
    renderPrivacy({ ...test.bridge, shell: { saveFile } as unknown as CellarBridge['shell'] });
    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    await screen.findByTestId('audit-empty');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(saveFile).toHaveBeenCalled());
    expect(screen.getByTestId('export-status').textContent).toBe('');
  });

  it('without a shell (a plain browser), hands the CSV over as a download of an in-memory file', async () => {
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:http://127.0.0.1/1234');
    const revokeObjectURL = vi.fn();
    const original = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    onTestFinished(() => void Object.assign(URL, original));
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    const test = createTestBridge({
      'privacy.ledger': () => ledger(),
      'audit.list': () => [audit(1, 'model.loaded', 'Qwen')],
      'audit.export': () => ({ fileName: 'cellar-audit-2025-03-12.csv', csv: 'id,time\r\n1,now\r\n' }),
    });
    await openAudit(test.bridge);

    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect((await screen.findByText(/Saved as cellar-audit-2025-03-12\.csv/)).textContent).toContain('downloads');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('cellar-audit-2025-03-12.csv');
    expect(clicked[0]!.href).toBe('blob:http://127.0.0.1/1234');
    const blob = createObjectURL.mock.calls[0]![0];
    expect(await blob.text()).toBe('id,time\r\n1,now\r\n');
    expect(blob.type).toContain('text/csv');
    // The link is gone again.
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('shows older entries on demand, from before the last one shown', async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => audit(from - i, 'model.loaded', `Model ${from - i}`));
    const test = createTestBridge({
      'privacy.ledger': () => ledger(),
      'audit.list': ({ beforeId }) => (beforeId === undefined ? page(150, 100) : page(beforeId - 1, 50)),
    });
    const table = await openAudit(test.bridge);
    expect(within(table).getAllByTestId('audit-row')).toHaveLength(100);

    fireEvent.click(screen.getByRole('button', { name: 'Show older entries' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(150));
    expect(test.callsTo('audit.list')[1]?.params).toEqual([{ limit: 100, beforeId: 51 }]);
    // Fewer than a page came back: that was the start of the log.
    expect(screen.queryByRole('button', { name: 'Show older entries' })).toBeNull();
  });

  it('says so when nothing was recorded yet', async () => {
    renderPrivacy(createTestBridge({ 'privacy.ledger': () => ledger(), 'audit.list': () => [] }).bridge);
    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    expect((await screen.findByTestId('audit-empty')).textContent).toContain('Nothing recorded yet');
  });
});
