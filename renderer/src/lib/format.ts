import type { Backend } from '../api';

const GIB = 1024 ** 3;

/** Bytes as GiB with one decimal: 17179869184 -> "16.0 GiB". */
export function formatGiB(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  return `${(bytes / GIB).toFixed(1)} GiB`;
}

/** "9.8 GiB free of 16.0 GiB". */
export function formatFreeOf(freeBytes: number, totalBytes: number): string {
  return `${formatGiB(freeBytes)} free of ${formatGiB(totalBytes)}`;
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
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

const BACKEND_NAMES: Record<Backend, string> = {
  cpu: 'CPU only',
  cuda: 'CUDA',
  metal: 'Metal',
  vulkan: 'Vulkan',
};

export function backendName(backend: Backend): string {
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

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in the largest unit that keeps the number readable: "1.0 GiB", "1.1 MiB", "512 bytes". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} ${value === 1 ? 'byte' : 'bytes'}`;
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${UNITS[unit]}`;
}

/** "1.1 of 2.0 GiB", for progress in one unit. */
export function formatBytesOf(done: number, total: number): string {
  return `${formatBytes(done)} of ${formatBytes(total)}`;
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
      const text = value < 10 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
      return `${text}${suffix}`;
    }
  }
  return String(count);
}

/** A whole number with thousands separators: 32768 -> "32,768". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—';
}

/** A date people read at a glance: "12 Mar 2025". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** How long ago, for lists: "just now", "5 min ago", "3 h ago", "yesterday", then the date. */
export function formatAgo(iso: string, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '—';
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  if (hours < 48) return 'yesterday';
  return formatDate(iso);
}

/** Milliseconds, short: 180 -> "180 ms", 2400 -> "2.4 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The first characters of a hash: enough to recognise it, copyable in full elsewhere. */
export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}
