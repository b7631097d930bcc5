import { resolve } from 'node:path';
import type { GgufSummary, ModelRecord } from '../../api/contract.js';
import { UsageError, type Command } from '../command.js';
import { formatBytes, table } from '../format.js';
import { downloadModel } from '../model-ref.js';

const USAGE = 'cellar models list | import PATH [--reference] [--label NAME] | inspect PATH | download ID QUANT';

/** `cellar models ...`: the model library. */
export const modelsCommand: Command = async (ctx) => {
  const { api, args, options, out, err } = ctx;
  const [action, target] = args;
  if (action === 'list') {
    const models = await api.call('models.list');
    if (options.json) out(JSON.stringify(models, null, 2));
    else if (models.length === 0) out('No models yet. Import one with: cellar models import PATH');
    else out(table(models.map((m) => [`${m.isDefault ? '* ' : '  '}${m.label}`, describe(m)] as const)));
    return 0;
  }
  if (action === 'download' && target && args[2]) {
    // Only ever what the user typed: a download is never started without being asked for.
    const record = await downloadModel(api, target, args[2], err);
    err('\n');
    out(options.json ? JSON.stringify(record, null, 2) : added(record));
    return 0;
  }
  if ((action === 'import' || action === 'inspect') && target) {
    const path = resolve(target);
    if (action === 'inspect') {
      const inspected = await api.call('models.inspect', { path });
      if (options.json) out(JSON.stringify(inspected, null, 2));
      else out(table([...summaryRows(inspected.gguf), ['Fit', inspected.fit.summary]]));
      return 0;
    }
    const off = api.on('models.importProgress', (p) => {
      if (p.totalBytes > 0) err(`\r${p.phase} ${formatBytes(p.doneBytes)} of ${formatBytes(p.totalBytes)}   `);
    });
    const record = await api.call('models.import', {
      path,
      mode: options.reference ? 'reference' : 'copy',
      label: options.label,
    });
    off();
    err('\n');
    out(options.json ? JSON.stringify(record, null, 2) : added(record));
    return 0;
  }
  throw new UsageError(USAGE);
};

function added(record: ModelRecord): string {
  return `Added ${record.label} (${record.sha256.slice(0, 12)}…) to the library.`;
}

function describe(m: ModelRecord): string {
  const state = m.status === 'ready' ? '' : ` [${m.status}${m.failure ? `: ${m.failure}` : ''}]`;
  return `${m.gguf.architecture} ${formatCount(m.gguf.parameterCount)} ${m.gguf.quantization}, ${formatBytes(m.sizeBytes)}, ${m.storage}${state}  ${m.id}`;
}

function summaryRows(g: GgufSummary): Array<readonly [string, string]> {
  return [
    ['Name', g.name ?? '—'],
    ['Architecture', g.architecture],
    ['Parameters', formatCount(g.parameterCount)],
    ['Quantization', g.quantization],
    ['Context length', g.contextLength ? String(g.contextLength) : '—'],
    ['Chat template', g.hasChatTemplate ? 'yes' : 'no (a generic format is used)'],
    ['Embedding size', g.embeddingSize ? String(g.embeddingSize) : '—'],
    ['Kind', g.embeddingOnly ? 'embedding model' : 'chat model'],
    ['File size', formatBytes(g.fileSizeBytes)],
  ];
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}
