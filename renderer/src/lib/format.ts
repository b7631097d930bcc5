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
