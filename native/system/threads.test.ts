import { describe, expect, it } from 'vitest';
import { defaultThreadCount } from './threads.js';

describe('defaultThreadCount', () => {
  it('never oversubscribes and leaves a core free on small machines', () => {
    expect(defaultThreadCount(2, 2)).toBe(1);
    expect(defaultThreadCount(4, 4)).toBe(3);
    expect(defaultThreadCount(1, 1)).toBe(1);
  });

  it('uses the math cores on larger machines', () => {
    expect(defaultThreadCount(8, 16)).toBe(8);
    expect(defaultThreadCount(16, 12)).toBe(12);
  });
});
