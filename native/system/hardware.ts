import { cpus, freemem, totalmem } from 'node:os';
import { getLlamaGpuTypes, getModuleVersion, type Llama } from 'node-llama-cpp';
import type { Backend } from '../api/contract.js';
import { defaultThreadCount } from './threads.js';

export interface HardwareReport {
  backend: Backend;
  gpuNames: string[];
  cpuReason: string | null;
  vramBytes: number | null;
  vramFreeBytes: number | null;
  ramBytes: number;
  ramFreeBytes: number;
  cpuCores: number;
  cpuModel: string;
  defaultThreads: number;
  llamaCppVersion: string;
}

/** What llama.cpp can use on this machine, as the engine will really run it. */
export async function probeHardware(llama: Llama): Promise<HardwareReport> {
  const backend: Backend = llama.gpu === false ? 'cpu' : llama.gpu;
  const cpuList = cpus();
  const report: HardwareReport = {
    backend,
    gpuNames: [],
    cpuReason: null,
    vramBytes: null,
    vramFreeBytes: null,
    ramBytes: totalmem(),
    ramFreeBytes: freemem(),
    cpuCores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    defaultThreads: defaultThreadCount(llama.cpuMathCores, cpuList.length),
    llamaCppVersion: `${llama.llamaCppRelease.release} (node-llama-cpp ${await getModuleVersion()})`,
  };
  if (backend === 'cpu') {
    report.cpuReason = await explainCpuFallback();
    return report;
  }
  const vram = await llama.getVramState();
  report.gpuNames = await llama.getGpuDeviceNames();
  report.vramBytes = vram.total;
  report.vramFreeBytes = vram.free;
  return report;
}

async function explainCpuFallback(): Promise<string> {
  const builtFor = (await getLlamaGpuTypes('allValid')).filter((t) => t !== false);
  if (builtFor.length === 0)
    return `No GPU backend exists for ${process.platform}/${process.arch}; llama.cpp runs on the CPU.`;
  const names = builtFor.map((t) => (t === 'cuda' ? 'CUDA' : t === 'vulkan' ? 'Vulkan' : 'Metal')).join(' or ');
  return `No ${names} device was found (no GPU driver or no supported GPU), so llama.cpp runs on the CPU.`;
}
