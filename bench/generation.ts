/**
 * Generation overhead: the whole app path against node-llama-cpp called directly.
 *
 *   raw:  node-llama-cpp in this process, set up exactly as the engine's ModelHost does
 *         (same binding options, model, context size, threads, one sequence, LlamaChatSession,
 *         warm-up prompt), then session.prompt() per run.
 *   app:  a real engine in another process/thread; chat.send through the app's client
 *         (birpc) over a real transport; the answer read from chat.delta events and chat.done.
 *
 * Same prompt, greedy sampling (temperature 0, topP 1), same maxTokens. Runs are
 * interleaved (raw, ipc, websocket, ... rotated each round) after one warm-up round.
 * Time to first token is measured by the caller: from the call to the first text
 * (raw: first onTextChunk; app: first chat.delta received by the client).
 * Throughput = completion tokens / (end - first token), end = prompt() resolving (raw)
 * or chat.done received (app).
 *
 * Options: --model PATH (default stories260K.gguf), --runs N (9), --max-tokens N (512),
 *          --prompt TEXT, --threads N and --context-size N (default: what the engine picks),
 *          --transports ipc,websocket,messageport (default) and ipc-throttled (a prototype, see engine-child.ts)
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LlamaChatSession } from 'node-llama-cpp';
import type { ChatDelta, Message } from '../native/api/contract.js';
import { sharedLlama } from '../native/system/llama.js';
import { int, log, median, modelFile, options, round, str, table, tempDir, writeResult } from './lib/common.js';
import { startEngine, TRANSPORTS, type RemoteEngine, type Transport } from './lib/engine-client.js';
import { isEngineChild, serveEngineChild } from './lib/engine-child.js';
import { isEngineWorker, serveEngineInWorker } from './lib/engine-worker.js';

interface Run {
  ttftMs: number;
  tokens: number;
  /** completion tokens / seconds from first token to end */
  tokensPerSecond: number;
  totalMs: number;
  text: string;
  /** The engine's own measurement (app path only). */
  engineStats?: Message['stats'];
}

if (isEngineWorker()) serveEngineInWorker();
else if (isEngineChild()) serveEngineChild();
else await main();

async function main(): Promise<void> {
  const opts = options({
    model: { type: 'string' },
    runs: { type: 'string' },
    'max-tokens': { type: 'string' },
    prompt: { type: 'string' },
    threads: { type: 'string' },
    'context-size': { type: 'string' },
    transports: { type: 'string' },
  });
  const modelPath = modelFile(opts, 'model', 'stories260K.gguf');
  const runs = Math.max(5, int(opts, 'runs', 9));
  const maxTokens = int(opts, 'max-tokens', 512);
  const prompt = str(opts, 'prompt', 'Tell me a story about a little girl who finds a lost puppy in the park.');
  const transports = str(opts, 'transports', 'ipc,websocket,messageport')
    .split(',')
    .map((t) => t.trim())
    .filter((t): t is Transport => (TRANSPORTS as readonly string[]).includes(t));
  const sampling = { temperature: 0, topP: 1, maxTokens };

  // ---- the app: engines on their own libraries, model imported by reference and loaded
  const dirs: Array<{ cleanup(): void }> = [];
  const engines: RemoteEngine[] = [];
  const self = fileURLToPath(import.meta.url);
  let loaded: { threads: number; contextSize: number; chatWrapper: string } | null = null;
  for (const transport of transports) {
    const dir = tempDir(`gen-${transport}`);
    dirs.push(dir);
    log(`starting the engine over ${transport}`);
    const engine = await startEngine(transport, dir.dir, self);
    engines.push(engine);
    const record = await engine.api.call('models.import', { path: modelPath, mode: 'reference' });
    const settings: { threads?: number; contextSize?: number } = {};
    if (opts.threads) settings.threads = int(opts, 'threads', 1);
    if (opts['context-size']) settings.contextSize = int(opts, 'context-size', 2048);
    if (Object.keys(settings).length) await engine.api.call('models.update', { id: record.id, settings });
    const state = await engine.api.call('models.load', { id: record.id });
    if (state.state !== 'ready') throw new Error(`the engine could not load the model: ${JSON.stringify(state)}`);
    loaded = {
      threads: state.model.threads,
      contextSize: state.model.contextSize,
      chatWrapper: state.model.chatWrapper,
    };
  }
  if (!loaded) throw new Error('no transport chosen (--transports ipc,websocket,messageport)');

  // ---- raw node-llama-cpp, set up as ModelHost.load does, with the engine's resolved settings
  log(`loading the model directly (threads ${loaded.threads}, context ${loaded.contextSize})`);
  const llama = await sharedLlama();
  const model = await llama.loadModel({ modelPath, gpuLayers: 'auto' });
  const context = await model.createContext({
    contextSize: loaded.contextSize,
    threads: loaded.threads,
    sequences: 1,
  });
  const session = new LlamaChatSession({ contextSequence: context.getSequence() });
  await session.preloadPrompt('Hello');
  session.resetChatHistory();

  const raw = async (): Promise<Run> => {
    session.setChatHistory([]);
    let first = 0;
    let tokens = 0;
    let text = '';
    const t0 = performance.now();
    await session.prompt(prompt, {
      ...sampling,
      onToken: (t) => {
        tokens += t.length;
      },
      onTextChunk: (chunk) => {
        if (!first) first = performance.now();
        text += chunk;
      },
    });
    const end = performance.now();
    return finish(t0, first, end, tokens, text);
  };

  const app = async (engine: RemoteEngine): Promise<Run> => {
    const { api } = engine;
    const thread = await api.call('threads.create', {});
    await api.call('threads.update', { id: thread.id, sampling });
    let first = 0;
    let text = '';
    let resolveDone: (m: Message) => void = () => {};
    const done = new Promise<Message>((r) => (resolveDone = r));
    const offDelta = api.on('chat.delta', (d: ChatDelta) => {
      if (d.threadId !== thread.id) return;
      if (!first) first = performance.now();
      text += d.delta;
    });
    const offDone = api.on('chat.done', (d) => {
      if (d.threadId === thread.id) resolveDone(d.message);
    });
    const t0 = performance.now();
    await api.call('chat.send', { threadId: thread.id, text: prompt });
    const message = await done;
    const end = performance.now();
    offDelta();
    offDone();
    await api.call('threads.delete', { id: thread.id });
    if (message.status !== 'complete') throw new Error(`the answer ended ${message.status}: ${message.error}`);
    return { ...finish(t0, first, end, message.stats?.completionTokens ?? 0, text), engineStats: message.stats };
  };

  const arms: Array<{ name: string; run: () => Promise<Run> }> = [
    { name: 'raw', run: raw },
    ...engines.map((e) => ({ name: e.transport, run: () => app(e) })),
  ];
  log('warm-up round');
  for (const arm of arms) await arm.run();
  const results = new Map<string, Run[]>(arms.map((a) => [a.name, []]));
  for (let round_ = 0; round_ < runs; round_++) {
    // Rotate the order each round so no arm always runs first (or right after another).
    for (let i = 0; i < arms.length; i++) {
      const arm = arms[(round_ + i) % arms.length]!;
      results.get(arm.name)!.push(await arm.run());
    }
    log(`round ${round_ + 1}/${runs}`);
  }

  for (const engine of engines) await engine.close();
  for (const dir of dirs) dir.cleanup();
  await context.dispose();
  await model.dispose();

  // ---- report
  const rawRuns = results.get('raw')!;
  const rawTps = median(rawRuns.map((r) => r.tokensPerSecond));
  const rawTtft = median(rawRuns.map((r) => r.ttftMs));
  const summary = arms.map(({ name }) => {
    const rs = results.get(name)!;
    const tps = median(rs.map((r) => r.tokensPerSecond));
    const ttft = median(rs.map((r) => r.ttftMs));
    const engineTps = rs[0]?.engineStats ? median(rs.map((r) => r.engineStats?.tokensPerSecond ?? NaN)) : null;
    return {
      arm: name,
      runs: rs.length,
      tokens: median(rs.map((r) => r.tokens)),
      tokensPerSecondMedian: round(tps, 1),
      tokensPerSecondRuns: rs.map((r) => round(r.tokensPerSecond, 1)),
      throughputRatio: round(tps / rawTps, 3),
      ttftMsMedian: round(ttft, 2),
      ttftMsRuns: rs.map((r) => round(r.ttftMs, 2)),
      addedTtftMs: round(ttft - rawTtft, 2),
      totalMsMedian: round(median(rs.map((r) => r.totalMs)), 1),
      engineReportedTokensPerSecond: engineTps,
      sameTextAsRaw: rs.every((r) => r.text === rawRuns[0]!.text),
    };
  });
  const t = table(
    `Generation: app path vs node-llama-cpp direct (${basename(modelPath)}, ${loaded.threads} thread(s), context ${loaded.contextSize}, maxTokens ${maxTokens}, greedy; medians of ${runs} interleaved runs)`,
    [
      'arm',
      'tokens',
      'tok/s',
      'vs raw',
      'TTFT ms',
      'added TTFT ms',
      'engine-side tok/s',
      'same text',
      'goal (≥0.97, <15 ms)',
    ],
    summary.map((s) => [
      s.arm === 'raw'
        ? 'raw node-llama-cpp'
        : s.arm === 'ipc-throttled'
          ? 'PROTOTYPE: ipc, deltas ≤1 per 16 ms'
          : `app over ${s.arm}`,
      s.tokens,
      s.tokensPerSecondMedian,
      s.throughputRatio,
      s.ttftMsMedian,
      s.arm === 'raw' ? null : s.addedTtftMs,
      s.engineReportedTokensPerSecond,
      s.sameTextAsRaw ? 'yes' : 'NO',
      s.arm === 'raw'
        ? null
        : `${s.throughputRatio >= 0.97 ? 'met' : 'missed'} / ${s.addedTtftMs < 15 ? 'met' : 'missed'}`,
    ]),
  );
  writeResult(
    'generation',
    {
      model: modelPath,
      prompt,
      sampling,
      runs,
      threads: loaded.threads,
      contextSize: loaded.contextSize,
      chatWrapper: loaded.chatWrapper,
      transports,
    },
    { summary, runs: Object.fromEntries(results) },
    [t],
  );
  process.exit(0);
}

function finish(t0: number, first: number, end: number, tokens: number, text: string): Run {
  const firstAt = first || end;
  return {
    ttftMs: firstAt - t0,
    tokens,
    tokensPerSecond: end > firstAt ? tokens / ((end - firstAt) / 1000) : 0,
    totalMs: end - t0,
    text,
  };
}
