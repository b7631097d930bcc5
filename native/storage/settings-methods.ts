import { z } from 'zod';
import type { MethodDefinition } from '../engine/define.js';
import type { SettingsStore } from './settings.js';

export function settingsMethods(settings: SettingsStore): {
  'settings.get': MethodDefinition<'settings.get'>;
  'settings.update': MethodDefinition<'settings.update'>;
} {
  return {
    'settings.get': { params: z.tuple([]), run: () => settings.get() },
    'settings.update': {
      params: z.tuple([z.object({ offline: z.boolean() }).partial().strict()]),
      run: (changes) => settings.update(changes),
    },
  };
}
