import type { Command } from '../command.js';
import { formatBytes, table } from '../format.js';

const BACKEND_NAMES = { cpu: 'CPU only', cuda: 'CUDA', vulkan: 'Vulkan', metal: 'Metal' } as const;

/** `cellar system`: the hardware report the app's System view shows. */
export const systemCommand: Command = async ({ api, options: { json }, out }) => {
  const info = await api.call('system.info');
  if (json) {
    out(JSON.stringify(info, null, 2));
    return 0;
  }
  out(
    table([
      ['Backend', BACKEND_NAMES[info.backend] + (info.gpuNames.length ? ` (${info.gpuNames.join(', ')})` : '')],
      ...(info.cpuReason ? ([['Why CPU', info.cpuReason]] as const) : []),
      [
        'VRAM',
        info.vramBytes === null
          ? '— (no GPU in use)'
          : `${formatBytes(info.vramBytes)} (${formatBytes(info.vramFreeBytes)} free)`,
      ],
      ['RAM', `${formatBytes(info.ramBytes)} (${formatBytes(info.ramFreeBytes)} free)`],
      ['CPU', `${info.cpuModel}, ${info.cpuCores} cores`],
      ['Threads', `${info.defaultThreads} by default`],
      ['Platform', `${info.platform}/${info.arch}`],
      ['Data folder', info.dataDir],
      ['Cellar', `${info.appVersion} (engine ${info.engineVersion}, schema ${info.schemaVersion})`],
      ['llama.cpp', info.llamaCppVersion],
      ['Node', info.nodeVersion],
    ]),
  );
  return 0;
};
