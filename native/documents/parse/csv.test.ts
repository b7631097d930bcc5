// A large, ordinary CSV parses: no argument spreading over every row.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../testing/fixtures.js';
import { parseDocumentInProcess } from './index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('CSV size', () => {
  it('parses a 300,000-row CSV (generated, not committed)', async () => {
    const temp = tempDataDir('cellar-csv-');
    cleanups.push(temp.cleanup);
    const path = join(temp.dir, 'big.csv');
    const rows = ['id,name,amount'];
    for (let i = 1; i <= 300_000; i++) rows.push(`${i},patient ${i},${(i % 997) + 0.5}`);
    writeFileSync(path, rows.join('\n') + '\n');

    const doc = await parseDocumentInProcess(path, { ocr: false });
    const text = doc.pages.map((p) => p.text).join('\n');
    expect(doc.kind).toBe('csv');
    expect(text).toContain('id: 1; name: patient 1; amount: 1.5');
    expect(text).toContain('id: 300000; name: patient 300000; amount: ');
    expect(text.split('\n').filter((l) => l.startsWith('id: ')).length).toBe(300_000);
  }, 120_000);
});
