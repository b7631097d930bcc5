import { describe, expect, it } from 'vitest';
import { backendName, formatDuration, formatFreeOf, formatGiB, formatPlatform, usedFraction } from './format';

const GIB = 1024 ** 3;

describe('format', () => {
  it('formats bytes as GiB with one decimal', () => {
    expect(formatGiB(16 * GIB)).toBe('16.0 GiB');
    expect(formatGiB(7.94 * GIB)).toBe('7.9 GiB');
    expect(formatGiB(512 * 1024 ** 2)).toBe('0.5 GiB');
    expect(formatGiB(0)).toBe('0.0 GiB');
    expect(formatGiB(Number.NaN)).toBe('—');
    expect(formatFreeOf(9.8 * GIB, 16 * GIB)).toBe('9.8 GiB free of 16.0 GiB');
  });

  it('measures the share in use, clamped', () => {
    expect(usedFraction(4 * GIB, 16 * GIB)).toBe(0.75);
    expect(usedFraction(20, 10)).toBe(0);
    expect(usedFraction(1, 0)).toBe(0);
  });

  it('says durations the way people do', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(5 * 60_000)).toBe('5 min');
    expect(formatDuration(3_725_000)).toBe('1 h 2 min');
    expect(formatDuration(2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(50 * 3_600_000)).toBe('2 d 2 h');
    expect(formatDuration(-1)).toBe('—');
  });

  it('names backends and platforms', () => {
    expect(backendName('cpu')).toBe('CPU only');
    expect(backendName('cuda')).toBe('CUDA');
    expect(formatPlatform('darwin', 'arm64')).toBe('macOS · arm64');
    expect(formatPlatform('sunos', 'x64')).toBe('sunos · x64');
  });
});
