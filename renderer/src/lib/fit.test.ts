import { describe, expect, it } from 'vitest';
import { fitBadge } from './fit';
import { formatBytes, formatParams, shortHash } from './format';

describe('fitBadge', () => {
  it('maps each verdict to its words and colour', () => {
    expect(fitBadge('gpu')).toEqual({ label: 'Fits on GPU', tone: 'ok' });
    expect(fitBadge('partial')).toEqual({ label: 'Partly offloaded', tone: 'warn' });
    expect(fitBadge('cpu')).toEqual({ label: 'CPU only', tone: 'neutral' });
    expect(fitBadge('no-fit')).toEqual({ label: 'Does not fit', tone: 'danger' });
  });
});

describe('model numbers', () => {
  it('says parameter counts the way model cards do', () => {
    expect(formatParams(292_352)).toBe('292K');
    expect(formatParams(1_543_714_304)).toBe('1.5B');
    expect(formatParams(7_241_732_096)).toBe('7.2B');
    expect(formatParams(13_015_864_320)).toBe('13B');
    expect(formatParams(494_032_768)).toBe('494M');
    expect(formatParams(999_999)).toBe('1M');
    expect(formatParams(0)).toBe('—');
  });

  it('formats sizes and hashes', () => {
    expect(formatBytes(1_120_000_000)).toBe('1.04 GiB');
    expect(formatBytes(1_184_000)).toBe('1.13 MiB');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(shortHash('e91d5487a7ef51ef0c0b1b9e', 8)).toBe('e91d5487…');
  });
});
