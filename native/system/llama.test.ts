import { describe, expect, it } from 'vitest';
import { modelPath } from '../testing/fixtures.js';
import { probeHardware } from './hardware.js';
import { sharedLlama } from './llama.js';

describe('the llama.cpp binding', () => {
  it('probes the hardware the engine will use', async () => {
    const report = await probeHardware(await sharedLlama());
    expect(report.cpuCores).toBeGreaterThan(0);
    expect(report.defaultThreads).toBeGreaterThan(0);
    expect(report.defaultThreads).toBeLessThanOrEqual(report.cpuCores);
    if (report.backend === 'cpu') expect(report.cpuReason).toMatch(/CPU/);
  });

  it('loads a real tiny GGUF model and round-trips its tokenizer', async () => {
    const llama = await sharedLlama();
    const model = await llama.loadModel({ modelPath: modelPath('stories260K.gguf') });
    try {
      const tokens = model.tokenize('Once upon a time');
      expect(tokens.length).toBeGreaterThan(2);
      expect(model.detokenize(tokens)).toBe('Once upon a time');
    } finally {
      await model.dispose();
    }
  });
});
