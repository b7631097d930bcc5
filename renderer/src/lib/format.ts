import type { Backend } from '../api';
import { intlLocale, t } from '../i18n';

const GIB = 1024 ** 3;

/** A number in the current language's conventions: 1,234.5 in English, 1.234,5 in Vietnamese. */
export function formatNumber(n: number, fractionDigits?: number): string {
  if (!Number.isFinite(n)) return '—';
  const options: Intl.NumberFormatOptions =
    fractionDigits === undefined
      ? { maximumFractionDigits: 2 }
      : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return new Intl.NumberFormat(intlLocale(), options).format(n);
}

/** A share as a percentage: 0.42 -> "42%". */
export function formatPercent(fraction: number, fractionDigits = 0): string {
  if (!Number.isFinite(fraction)) return '—';
  return new Intl.NumberFormat(intlLocale(), {
    style: 'percent',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(fraction);
}

/** Bytes as GiB with one decimal: 17179869184 -> "16.0 GiB". */
export function formatGiB(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  return `${formatNumber(bytes / GIB, 1)} GiB`;
}

/** "9.8 GiB free of 16.0 GiB". */
export function formatFreeOf(freeBytes: number, totalBytes: number): string {
  return t('format.freeOf', { free: formatGiB(freeBytes), total: formatGiB(totalBytes) });
}

/** Share of a total that is in use, 0..1, for a meter. */
export function usedFraction(freeBytes: number, totalBytes: number): number {
  if (!(totalBytes > 0)) return 0;
  return Math.min(1, Math.max(0, (totalBytes - freeBytes) / totalBytes));
}

/** A duration as people say it: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return t('format.duration.s', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('format.duration.min', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return minutes % 60
      ? t('format.duration.hMin', { h: hours, min: minutes % 60 })
      : t('format.duration.h', { n: hours });
  const days = Math.floor(hours / 24);
  return hours % 24 ? t('format.duration.dH', { d: days, h: hours % 24 }) : t('format.duration.d', { n: days });
}

const BACKEND_NAMES: Record<Exclude<Backend, 'cpu'>, string> = {
  cuda: 'CUDA',
  metal: 'Metal',
  vulkan: 'Vulkan',
};

export function backendName(backend: Backend): string {
  if (backend === 'cpu') return t('format.cpuOnly');
  return BACKEND_NAMES[backend] ?? backend;
}

const PLATFORM_NAMES: Record<string, string> = {
  darwin: 'macOS',
  win32: 'Windows',
  linux: 'Linux',
  freebsd: 'FreeBSD',
};

/** "Linux · x64", "macOS · arm64". */
export function formatPlatform(platform: string, arch: string): string {
  return `${PLATFORM_NAMES[platform] ?? platform} · ${arch}`;
}

const UNITS = ['', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in the largest unit that keeps the number readable: "1.0 GiB", "1.1 MiB", "512 bytes". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return t('format.bytes', { count: value, n: formatNumber(value) });
  return `${formatNumber(value, value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}

/** "1.1 of 2.0 GiB", for progress in one unit. */
export function formatBytesOf(done: number, total: number): string {
  return t('format.bytesOf', { done: formatBytes(done), total: formatBytes(total) });
}

/** A parameter count as model cards say it: 292_352 -> "292K", 1_543_714_304 -> "1.5B". */
export function formatParams(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '—';
  const scales: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [scale, suffix] of scales) {
    if (count >= scale * 0.9995) {
      const value = count / scale;
      const text = value < 10 ? formatNumber(Number(value.toFixed(1))) : formatNumber(Math.round(value));
      return `${text}${suffix}`;
    }
  }
  return String(count);
}

/** A whole number with thousands separators: 32768 -> "32,768". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? formatNumber(Math.round(n)) : '—';
}

/** A date people read at a glance: "12 Mar 2025". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString(intlLocale(), { day: 'numeric', month: 'short', year: 'numeric' });
}

/** How long ago, for lists: "just now", "5 min ago", "3 h ago", "yesterday", then the date. */
export function formatAgo(iso: string, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '—';
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return t('format.ago.justNow');
  if (minutes < 60) return t('format.ago.min', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('format.ago.h', { n: hours });
  if (hours < 48) return t('format.ago.yesterday');
  return formatDate(iso);
}

/** Milliseconds, short: 180 -> "180 ms", 2400 -> "2.4 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  return ms < 1000 ? `${formatNumber(Math.round(ms))} ms` : `${formatNumber(ms / 1000, 1)} s`;
}

/** The first characters of a hash: enough to recognise it, copyable in full elsewhere. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}
