import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CLI_PATH as CLI, CORPUS_DIR, modelPath, runCellar, tempDataDir } from '../testing/fixtures.js';
let cleanup: () => void = () => {};
afterEach(() => cleanup());

function cellar(...args: string[]) {
  return runCellar(args);
}

describe('cellar system', () => {
  it('prints the hardware report as JSON', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const run = cellar('system', '--json', '--data-dir', temp.dir);
    expect(run.status, run.stderr).toBe(0);
    const info = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(['cpu', 'cuda', 'vulkan', 'metal']).toContain(info.backend);
    expect(info.cpuCores).toBeGreaterThan(0);
    expect(info.ramBytes).toBeGreaterThan(0);
    expect(info.dataDir).toBe(temp.dir);
    if (info.backend === 'cpu') {
      expect(info.vramBytes).toBeNull();
      expect(info.cpuReason).toEqual(expect.any(String));
    } else expect(info.vramBytes).toBeGreaterThan(0);
    expect(existsSync(join(temp.dir, 'cellar.db'))).toBe(true);
  });

  it('prints a readable report without --json', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const run = cellar('system', '--data-dir', temp.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Backend\s+/);
    expect(run.stdout).toContain(temp.dir);
  });

  it('fails with a message naming a data folder it cannot write', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'file');
    writeFileSync(file, '');
    const run = cellar('system', '--json', '--data-dir', join(file, 'lib'));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(join(file, 'lib'));
    expect(run.stderr).toContain('cannot write');
  });

  it('rejects unknown commands and options with usage on stderr', () => {
    const unknown = cellar('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badOption = cellar('system', '--no-such-flag');
    expect(badOption.status).toBe(2);
    expect(badOption.stderr).toContain('--no-such-flag');
  });
});

describe('cellar models, ask and chat', () => {
  it('inspects, imports and lists models as JSON', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const model = modelPath('stories260K-chatml.gguf');
    const inspect = cellar('models', 'inspect', model, '--json', '--data-dir', temp.dir);
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({
      gguf: { architecture: 'llama', hasChatTemplate: true },
      fit: { verdict: expect.any(String) },
    });
    const imported = cellar(
      'models',
      'import',
      model,
      '--reference',
      '--label',
      'Tiny',
      '--json',
      '--data-dir',
      temp.dir,
    );
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ label: 'Tiny', storage: 'referenced', path: model });
    const list = cellar('models', 'list', '--json', '--data-dir', temp.dir);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
    const bad = cellar('models', 'import', join(temp.dir, 'cellar.db'), '--data-dir', temp.dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('not a GGUF model file');
  });

  it('ask prints {answer, model, stats} as JSON and records the model', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const run = cellar(
      'ask',
      'Tell me a story about a cat.',
      '--model',
      modelPath('stories260K.gguf'),
      '--json',
      '--data-dir',
      temp.dir,
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { answer: string; model: { path: string }; stats: Record<string, number> };
    expect(result.answer.length).toBeGreaterThan(20);
    expect(result.model.path).toBe(modelPath('stories260K.gguf'));
    expect(result.stats.completionTokens).toBeGreaterThan(5);
    expect(result.stats.tokensPerSecond).toBeGreaterThan(0);
    expect(Object.keys(result.stats).sort()).toEqual(['completionTokens', 'promptTokens', 'tokensPerSecond', 'ttftMs']);
    // Without --model it uses the library's default (the model registered above).
    const again = cellar('ask', 'Once upon a time', '--json', '--data-dir', temp.dir);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).model.path).toBe(modelPath('stories260K.gguf'));
  });

  it('ask on an empty library in offline mode says how to get a model instead of downloading', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    expect(cellar('system', '--data-dir', temp.dir).status).toBe(0); // creates the library
    const settings = new Database(join(temp.dir, 'cellar.db'));
    settings.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('offline', 'true');
    settings.close();
    const run = cellar('ask', 'Hi', '--json', '--data-dir', temp.dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('offline mode is on');
    expect(run.stderr).toContain('cellar models import');
  });

  it('chat streams answers interactively from stdin', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const run = spawnSync(
      process.execPath,
      [CLI, 'chat', '--model', modelPath('stories260K.gguf'), '--data-dir', temp.dir],
      {
        input: 'Hello there\nOnce upon a time\n/exit\n',
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('Chatting with');
    expect(run.stderr.match(/tok\/s/g)).toHaveLength(2);
    expect(run.stdout.length).toBeGreaterThan(40);
  });
});

describe('cellar ingest, search and ask with documents', () => {
  it('ingests files, searches them (one query and a JSONL batch), and answers with citations', () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    const d = ['--data-dir', temp.dir];
    const files = [
      join(CORPUS_DIR, 'pdf', 'understanding-breast-cancer.pdf'),
      join(CORPUS_DIR, 'md', 'simple-table.md'),
      join(CORPUS_DIR, 'pdf', 'libreoffice-writer-password.pdf'),
    ];
    const ingest = cellar(
      'ingest',
      ...files,
      '--collection',
      'Clinic',
      '--embedding-model',
      modelPath('tiny-random-bert.gguf'),
      '--json',
      ...d,
    );
    expect(ingest.status, ingest.stderr).toBe(3); // one file needs a password
    const report = JSON.parse(ingest.stdout) as {
      collection: string;
      files: Array<{ name: string; status: string; errorCode: string | null; pages: number }>;
    };
    expect(report.collection).toBe('Clinic');
    expect(report.files.find((f) => f.name === 'understanding-breast-cancer.pdf')).toMatchObject({
      status: 'ready',
      pages: 76,
    });
    expect(report.files.find((f) => f.name === 'libreoffice-writer-password.pdf')).toMatchObject({
      status: 'failed',
      errorCode: 'PASSWORD_REQUIRED',
    });

    const search = cellar(
      'search',
      'mammogram',
      '--collection',
      'Clinic',
      '--k',
      '3',
      '--mode',
      'keyword',
      '--json',
      ...d,
    );
    expect(search.status, search.stderr).toBe(0);
    const results = JSON.parse(search.stdout) as Array<Record<string, unknown>>;
    expect(results).toHaveLength(3);
    expect(Object.keys(results[0]!).sort()).toEqual(['document', 'name', 'pageEnd', 'pageStart', 'score', 'text']);
    expect(results[0]).toMatchObject({ document: files[0], name: 'understanding-breast-cancer.pdf' });

    const queries = join(temp.dir, 'queries.jsonl');
    writeFileSync(queries, '{"id":"q1","query":"mammogram"}\n{"id":"q2","query":"breast cancer treatment"}\n');
    const batch = cellar('search', '--queries', queries, '--k', '2', ...d);
    expect(batch.status, batch.stderr).toBe(0);
    const lines = batch.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; results: unknown[] });
    expect(lines.map((l) => l.id)).toEqual(['q1', 'q2']);
    expect(lines.every((l) => l.results.length === 2)).toBe(true);

    const ask = cellar(
      'ask',
      'What does a mammogram show?',
      '--model',
      modelPath('stories260K.gguf'),
      '--collection',
      'Clinic',
      '--json',
      ...d,
    );
    expect(ask.status, ask.stderr).toBe(0);
    const answer = JSON.parse(ask.stdout) as { citations: Array<Record<string, unknown>> };
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(Object.keys(answer.citations[0]!).sort()).toEqual(['document', 'n', 'name', 'pageEnd', 'pageStart', 'text']);
    expect(answer.citations[0]).toMatchObject({ n: 1, name: 'understanding-breast-cancer.pdf' });

    const missing = cellar('search', 'x', '--collection', 'Nope', ...d);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No collection named "Nope"');
  });
});
