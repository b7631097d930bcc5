import { z } from 'zod';
import type { MethodDefinition } from '../engine/define.js';
import type { EngineContext } from '../engine/context.js';
import { APP_VERSION, ENGINE_API_VERSION } from '../version.js';
import { probeHardware } from './hardware.js';

export function systemMethods(ctx: EngineContext): {
  'system.info': MethodDefinition<'system.info'>;
  'system.ping': MethodDefinition<'system.ping'>;
} {
  return {
    'system.info': {
      params: z.tuple([]),
      run: async () => {
        const hardware = await probeHardware(await ctx.llama());
        return {
          ...hardware,
          platform: process.platform,
          arch: process.arch,
          dataDir: ctx.dataDir,
          appVersion: APP_VERSION,
          engineVersion: `${APP_VERSION} (API ${ENGINE_API_VERSION})`,
          nodeVersion: process.versions.node,
          schemaVersion: ctx.schemaVersion,
          uptimeMs: Math.round(process.uptime() * 1000),
          pid: process.pid,
        };
      },
    },
    'system.ping': {
      params: z.tuple([z.object({ echo: z.string().max(10_000) }).strict()]),
      run: ({ echo }) => ({ echo, at: Date.now() }),
    },
  };
}
